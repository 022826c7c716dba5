using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// Replicas that follow the load in a real cluster of three workers
/// (<see cref="RolloutClusterFixture"/>): HTTP load through the front raises the replica count
/// of a ppocr-cls copy from 1 to 3 on three workers, and once the load falls it drains back to 1,
/// with no failed request along the way. Throughputs are printed, not asserted: the machine's two
/// cores are shared by every silo process and other builds.
/// </summary>
[Collection(RolloutClusterCollection.Name)]
public sealed class AutoscalingClusterTests(RolloutClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ScaleTimeout = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 300_000)]
    public async Task Autoscaling_LoadRisesThenFalls_ReplicasGo1To3AcrossWorkersAndBackWithNoFailedRequest()
    {
        const string model = "cls-autoscaled";
        await fixture.ServeAsync(model, config =>
        {
            config["executors"] = 1;
            config["autoscaling"] = JsonNode.Parse("""{"min_replicas": 1, "max_replicas": 3, "target_pending_per_replica": 2, "scale_up_after": 4, "scale_down_after": 3}""");
        });
        var cluster = fixture.Cluster;
        await cluster.WaitUntilAsync(v => v.AllPlaced(model, 1), ScaleTimeout, $"one {model} replica", between: fixture.InferCall(model));

        var heavy = ContinuousLoad.Start(16, fixture.InferCall(model));
        var oneReplica = await CallsPerSecondAsync(heavy, TimeSpan.FromSeconds(3));
        var up = await cluster.WaitUntilAsync(
            v => v.AllPlaced(model, 3) && v.HostCount(model) == 3 && v.ReplicasOf(model).All(r => r.Silo.Role == "worker"),
            ScaleTimeout,
            $"three {model} replicas on three workers");
        var threeReplicas = await CallsPerSecondAsync(heavy, TimeSpan.FromSeconds(3));
        await heavy.StopAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"c=16: {oneReplica:F1} req/s on 1 replica, {threeReplicas:F1} req/s on 3 ({heavy.Describe()})"));
        output.WriteLine($"placement: {string.Join(", ", up.ReplicasOf(model).Select(r => $"{r.Replica.Index}@{r.Silo.Port}"))}");

        // A trickle keeps flowing while the extra replicas drain and unload.
        await using var light = ContinuousLoad.Start(1, fixture.InferCall(model));
        await cluster.WaitUntilAsync(v => v.AllPlaced(model, 1), ScaleTimeout, $"back to one {model} replica");
        await light.WaitForCallsAsync(light.Calls + 5, TimeSpan.FromSeconds(30));
        await light.StopAsync();

        Assert.True(heavy.Failures == 0, $"requests failed while scaling up: {heavy.Describe()}");
        Assert.True(light.Failures == 0, $"requests failed while scaling down: {light.Describe()}");
        var (status, history) = await fixture.Rollouts.SendAsync(HttpMethod.Get, $"admin/models/{model}/scaling", null);
        Assert.Equal(HttpStatusCode.OK, status);
        output.WriteLine(history.ToString());
        var steps = history.EnumerateArray().Select(d => (From: d.GetProperty("from").GetInt32(), To: d.GetProperty("to").GetInt32())).ToList();
        Assert.True(steps.Count >= 2 && steps[0].From == 1 && steps.Max(s => s.To) == 3 && steps[^1].To == 1 && steps.Take(steps.FindIndex(s => s.To == 3) + 1).All(s => s.To > s.From),
            $"expected rises from 1 to 3, then falls back to 1: {history}");
        Assert.All(history.EnumerateArray(), d => Assert.Contains("requests in flight on average", d.GetProperty("reason").GetString(), StringComparison.Ordinal));

        var metrics = await fixture.MetricsAsync();
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("aiaas_autoscaling_decisions_total{", StringComparison.Ordinal)
            && line.Contains("direction=\"up\"", StringComparison.Ordinal) && line.Contains($"model=\"{model}\"", StringComparison.Ordinal));
    }

    [Fact(Timeout = 180_000)]
    public async Task Scale_OperatorSetsReplicas_ReplicasPlacedThenDrained()
    {
        const string model = "cls-manual";
        await fixture.ServeAsync(model);
        var cluster = fixture.Cluster;
        await using var load = ContinuousLoad.Start(2, fixture.InferCall(model));

        var (status, body) = await fixture.Rollouts.SendAsync(HttpMethod.Post, $"admin/models/{model}/scale", """{"replicas": 2}""");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        await cluster.WaitUntilAsync(v => v.AllPlaced(model, 2) && v.HostCount(model) == 2, ScaleTimeout, $"two {model} replicas on two workers");
        var cli = await CliProcess.RunAsync("models", "scale", model, "--replicas", "1", "--url", cluster.Front.BaseAddress.AbsoluteUri);
        Assert.True(cli.ExitCode == 0 && cli.Stdout.Contains($"{model} version 1: ready, 1 replica(s)", StringComparison.Ordinal), cli.ToString());
        await cluster.WaitUntilAsync(v => v.AllPlaced(model, 1), ScaleTimeout, $"one {model} replica");
        var (bad, badBody) = await fixture.Rollouts.SendAsync(HttpMethod.Post, $"admin/models/{model}/scale", """{"replicas": 0}""");
        await load.StopAsync();

        Assert.True(load.Failures == 0, load.Describe());
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("replicas must be from 1 to 64, not 0", badBody.GetProperty("error").GetString());
    }

    private static async Task<double> CallsPerSecondAsync(ContinuousLoad load, TimeSpan window)
    {
        var calls = load.Calls;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        return (load.Calls - calls) / clock.Elapsed.TotalSeconds;
    }
}
