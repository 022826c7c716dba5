using System.Net;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>In Redis mode the deployment records live in Redis: a fresh silo with an empty data directory inherits them.</summary>
public sealed class RedisStateRestartTests
{
    [Fact(Timeout = 180_000)]
    public async Task FreshSilo_AfterUnloadAndClusterStop_ReadsUnloadedStateFromRedis()
    {
        await using var redis = new RedisServerFixture();
        await redis.StartAsync();
        using var data = new TemporaryDirectory("aiaas-e2e-redis-restart");
        var clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        SiloProcessOptions Options(string name) => new()
        {
            DataDirectory = Path.Combine(data.Path, name),
            Redis = redis.ConnectionString,
            ClusterId = clusterId,
        };

        await using (var a = await SiloProcess.StartAsync(Options("a")))
        await using (var b = await SiloProcess.StartAsync(Options("b")))
        {
            using var httpA = new OipHttp(a);
            using var httpB = new OipHttp(b);
            await httpA.PostOkAsync("v2/repository/models/silero-vad/unload");
            // The record is cluster-wide: the other front sees the unload at once.
            Assert.Equal("UNAVAILABLE", (await httpB.IndexAsync())["silero-vad"].State);

            foreach (var silo in new[] { b, a })
            {
                var exitCode = await silo.StopAsync();
                Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM\n{silo.Describe()}");
            }
        }

        await using var fresh = await SiloProcess.StartAsync(Options("fresh"));
        using var http = new OipHttp(fresh);

        Assert.Equal(("UNAVAILABLE", "unloaded on request"), (await http.IndexAsync())["silero-vad"]);
        var step = TestTensors.SileroStep();
        var (status, body) = await http.InferAsync("silero-vad", step);
        Assert.True(status == HttpStatusCode.ServiceUnavailable, $"infer silero-vad while unloaded: {(int)status} {body}\n{fresh.Describe()}");

        await http.PostOkAsync("v2/repository/models/silero-vad/load");

        Assert.Equal("READY", (await http.IndexAsync())["silero-vad"].State);
        var expected = ReferenceOutputs.Run("silero-vad", step).ToDictionary(t => t.Name);
        var outputs = await http.InferFloatsAsync("silero-vad", step);
        ReferenceOutputs.AssertClose(expected["output"].ToArray<float>(), outputs["output"], what: "output");
        ReferenceOutputs.AssertClose(expected["stateN"].ToArray<float>(), outputs["stateN"], what: "stateN");
    }

    [Fact(Timeout = 120_000)]
    public async Task Silo_AfterRedisRestart_KeepsMembershipAndServesThroughSdkAndHttp()
    {
        await using var redis = new RedisServerFixture();
        await redis.StartAsync();
        using var data = new TemporaryDirectory("aiaas-e2e-redis-bounce");
        var clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = data.Path,
            Redis = redis.ConnectionString,
            ClusterId = clusterId,
        });

        // Persistence on (append-only file): the membership row survives, so the silo does not
        // find itself missing from the table and the SDK still finds its gateway (orleans #7784).
        await redis.RestartAsync();

        var input = TestTensors.PpocrClsInput();
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();
        await using (var sdk = await SdkClient.StartAsync(o =>
        {
            o.Redis = redis.ConnectionString;
            o.ClusterId = clusterId;
        }))
        {
            var response = await sdk.Inference.InferAsync("ppocr-cls", [input]);
            ReferenceOutputs.AssertClose(expected.ToArray<float>(), Assert.Single(response.Outputs).ToArray<float>(), what: "SDK after Redis restart");
        }

        // Grain state writes go to the restarted Redis (the ETag of the stored record still matches).
        using var http = new OipHttp(silo);
        await http.PostOkAsync("v2/repository/models/ppocr-det/unload");
        await http.PostOkAsync("v2/repository/models/ppocr-det/load");
        Assert.Equal("READY", (await http.IndexAsync())["ppocr-det"].State);
        Assert.False(silo.HasExited, silo.Describe());
    }
}
