using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIaaS.Cli.Remote;
using AIaaS.Requests;
using AIaaS.Testing;
using Xunit.Abstractions;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// A rollout survives a restart of every silo: its record lives in Redis grain state and a
/// Redis-backed reminder revives the model grain, which continues the plan from the step it was
/// at. Two silo processes (role all) serve a copy of ppocr-cls; both stop, two fresh ones start.
/// </summary>
public sealed class RolloutRestartTests(ITestOutputHelper output)
{
    private const string Model = "cls-restart";

    [Fact(Timeout = 300_000)]
    public async Task Rollout_EverySiloRestartedMidRollout_ContinuesFromItsStepToPromotion()
    {
        await using var redis = new RedisServerFixture();
        await redis.StartAsync();
        using var directory = new TemporaryDirectory("aiaas-rollout-restart");
        var repository = directory.Combine("models");
        CopyModel(repository);
        var clusterId = "rollout-" + Guid.NewGuid().ToString("N")[..8];
        var started = 0;
        SiloProcessOptions Options() => new()
        {
            DataDirectory = directory.Combine($"data-{++started}"),
            ModelRepository = repository,
            Redis = redis.ConnectionString,
            ClusterId = clusterId,
            ExtraArguments = ["--AIaaS:Controller:DrainDelay=00:00:02"],
        };

        JsonElement before;
        await using (var a = await SiloProcess.StartAsync(Options()))
        await using (var b = await SiloProcess.StartAsync(Options()))
        {
            // Version 2 arrives after version 1 is serving, as a new export would.
            File.Copy(Path.Combine(repository, Model, "1", "model.onnx"), Path.Combine(Directory.CreateDirectory(Path.Combine(repository, Model, "2")).FullName, "model.onnx"));
            using var http = new RolloutHttp(a.BaseAddress);
            await using (var load = ContinuousLoad.Start(4, InferCall(a)))
            {
                await load.WaitForCallsAsync(8, TimeSpan.FromSeconds(60));
                // Judged on errors and outputs: what this test shows is the plan surviving restarts.
                var (status, body) = await http.StartAsync(Model, """{"version": "2", "steps": [0, 25, 50, 100], "interval_seconds": 1, "min_requests": 30, "slo": {"max_p99_ratio": null}}""");
                Assert.True(status == HttpStatusCode.Accepted, $"{(int)status} {body}");
                before = await http.WaitUntilAsync(Model, r => r.GetProperty("step").GetInt32() >= 1, TimeSpan.FromSeconds(90), "the rollout past its shadow step");
                await load.StopAsync();
                output.WriteLine($"before the restart: step {before.GetProperty("step")}, share {before.GetProperty("share")}; load {load.Describe()}");
            }

            foreach (var silo in new[] { b, a })
            {
                Assert.Equal(0, await silo.StopAsync());
            }
        }

        await using var c = await SiloProcess.StartAsync(Options());
        await using var d = await SiloProcess.StartAsync(Options());
        using var after = new RolloutHttp(c.BaseAddress);
        var (resumedStatus, resumed) = await after.GetAsync(Model);
        Assert.True(resumedStatus == HttpStatusCode.OK, $"GET rollout after the restart: {(int)resumedStatus} {resumed}\n{c.Describe()}");
        output.WriteLine($"after the restart: {resumed}");
        Assert.True(resumed.GetProperty("step").GetInt32() >= before.GetProperty("step").GetInt32(), $"the rollout went back a step: before {before}, after {resumed}");
        Assert.True(resumed.GetProperty("history").GetArrayLength() >= before.GetProperty("history").GetArrayLength(), $"history was lost: before {before}, after {resumed}");

        await using var loadAfter = ContinuousLoad.Start(4, InferCall(d));
        var ended = await after.WaitUntilEndedAsync(Model, TimeSpan.FromSeconds(120), () => c.Describe() + d.Describe());
        await loadAfter.StopAsync();
        output.WriteLine($"after the restart: {loadAfter.Describe()}; {ended}");

        Assert.Equal("promoted", ended.GetProperty("state").GetString());
        Assert.True(loadAfter.Failures == 0, loadAfter.Describe());
        var actions = ended.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Where(a => a != "hold").ToList();
        Assert.Equal(["start", "advance", "advance", "advance", "promote"], actions);
    }

    private static void CopyModel(string repository)
    {
        var source = RepositoryPaths.RealModel("ppocr-cls");
        var target = Directory.CreateDirectory(Path.Combine(repository, Model, "1")).FullName;
        File.Copy(Path.Combine(source, "1", "model.onnx"), Path.Combine(target, "model.onnx"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        config["name"] = Model;
        File.WriteAllText(Path.Combine(repository, Model, "config.json"), config.ToJsonString());
    }

    private static Func<CancellationToken, Task> InferCall(SiloProcess silo)
    {
        var client = new OipHttpClient(silo.BaseAddress);
        return client.CreateCall(client.ModelUri(Model, null, "/infer"), OipRequestBody.Binary(new InferenceRequest { Inputs = [TestTensors.PpocrClsInput()] }));
    }
}
