using System.Net;
using System.Text.Json;
using AIaaS.Testing;
using Xunit.Abstractions;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// What an operator does to a rollout that is running, in the shared rollout cluster
/// (<see cref="RolloutClusterFixture"/>) under continuous load: over HTTP, pause holds the step
/// across intervals, resume lets it run, promote moves all traffic at once and the old version
/// drains and unloads with no failed request; through the <c>aiaas</c> CLI as a process, start,
/// status (tables, JSON, a bounded watch), pause, history and abort, which returns all traffic
/// to the stable version. The candidate is a copy of the stable ppocr-cls: only the operator
/// moves these rollouts, never the gate.
/// </summary>
[Collection(RolloutClusterCollection.Name)]
public sealed class RolloutOperatorTests(RolloutClusterFixture fixture, ITestOutputHelper output)
{
    private RolloutHttp Http => fixture.Rollouts;

    [Fact(Timeout = 180_000)]
    public async Task Rollout_PausedResumedThenPromotedUnderLoad_HoldsItsStepThenServesTheCandidateAndUnloadsTheOld()
    {
        const string model = "cls-operated";
        await fixture.ServeAsync(model);
        CopyRealModel(model, version: 2);
        await using var load = ContinuousLoad.Start(4, fixture.InferCall(model));
        await load.WaitForCallsAsync(8, TimeSpan.FromSeconds(60));

        // Judged on errors only, in 1 s intervals: it advances past the shadow step in seconds.
        var (status, started) = await Http.StartAsync(model, """{"version": "2", "steps": [0, 25, 50, 100], "interval_seconds": 1, "min_requests": 10, "slo": {"max_error_rate": 0.01, "max_p99_ratio": null, "max_output_diff": null}}""");
        Assert.True(status == HttpStatusCode.Accepted, $"{(int)status} {started}");
        await Http.WaitUntilAsync(model, r => r.GetProperty("step").GetInt32() >= 1, TimeSpan.FromSeconds(60), "the rollout past its shadow step");

        var paused = Require(await Http.ActAsync(model, "pause"));
        var step = paused.GetProperty("step").GetInt32();
        var share = paused.GetProperty("share").GetInt32();
        Assert.Equal("paused", Str(paused, "state"));
        Assert.True(step is 1 or 2 && share == new[] { 0, 25, 50, 100 }[step], paused.ToString());
        Assert.Equal(("pause", step, share, "paused by an operator"), Last(paused));

        // Three intervals later nothing moved: no step judged, no decision taken.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var (_, still) = await Http.GetAsync(model);
        Assert.Equal(("paused", step, share), (Str(still, "state"), still.GetProperty("step").GetInt32(), still.GetProperty("share").GetInt32()));
        Assert.Equal(paused.GetProperty("history").GetArrayLength(), still.GetProperty("history").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, still.GetProperty("reason").ValueKind);

        var resumed = Require(await Http.ActAsync(model, "resume"));
        Assert.Equal(("running", step), (Str(resumed, "state"), resumed.GetProperty("step").GetInt32()));
        Assert.Equal("resume", Last(resumed).Action);

        var promoted = Require(await Http.ActAsync(model, "promote"));
        Assert.Equal(("promoted", 100), (Str(promoted, "state"), promoted.GetProperty("share").GetInt32()));
        Assert.Equal("promote", Last(promoted).Action);
        Assert.Equal("promoted by an operator", Last(promoted).Reason);
        // At once: the next request that names no version is the candidate's.
        Assert.Equal("2", await fixture.AnsweringVersionAsync(model));

        // Version 1 drains (2 s in this cluster) and unloads while the load goes on.
        await fixture.Cluster.WaitUntilAsync(v => v.ReplicasOf(model) is { Count: > 0 } replicas && replicas.All(r => r.Replica.Version == 2), TimeSpan.FromSeconds(60), $"only version 2 of {model} placed");
        await load.WaitForCallsAsync(load.Calls + 8, TimeSpan.FromSeconds(30));
        await load.StopAsync();
        output.WriteLine($"load: {load.Describe()}");
        Assert.True(load.Failures == 0, $"requests failed across pause, resume, promote and drain: {load.Describe()}");
        var (_, index) = await Http.SendAsync(HttpMethod.Post, "v2/repository/index", null);
        var retired = index.EnumerateArray().Single(e => Str(e, "name") == model && Str(e, "version") == "1");
        Assert.Equal("UNAVAILABLE", Str(retired, "state"));
        Assert.Contains("replaced by version 2", Str(retired, "reason"), StringComparison.Ordinal);

        var (ended, conflict) = await Http.ActAsync(model, "abort");
        Assert.Equal(HttpStatusCode.Conflict, ended);
        Assert.Contains("has ended (promoted)", Str(conflict, "error"), StringComparison.Ordinal);
        var metrics = await fixture.MetricsAsync();
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("aiaas_rollout_state{", StringComparison.Ordinal)
            && line.Contains($"model=\"{model}\"", StringComparison.Ordinal) && line.Contains("state=\"promoted\"", StringComparison.Ordinal) && line.Contains("} 1", StringComparison.Ordinal));
        foreach (var action in new[] { "pause", "resume", "promote" })
        {
            Assert.Contains(metrics.Split('\n'), line => line.StartsWith("aiaas_rollout_decisions_total{", StringComparison.Ordinal)
                && line.Contains($"model=\"{model}\"", StringComparison.Ordinal) && line.Contains($"action=\"{action}\"", StringComparison.Ordinal));
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Cli_RolloutStartStatusWatchPauseHistoryAbort_AgainstARealCluster()
    {
        const string model = "cls-cli";
        await fixture.ServeAsync(model);
        CopyRealModel(model, version: 2);
        var url = fixture.Cluster.Front.BaseAddress.AbsoluteUri;
        // A minute's interval: nothing but the CLI moves this rollout while the test runs.
        var start = await CliProcess.RunAsync("rollout", "start", model, "--version", "2", "--steps", "0,50,100", "--interval", "60", "--min-requests", "10", "--max-p99-ms", "500", "--url", url);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains($"{model}: version 2 over 1, running, step 0 of [shadow, 50%, 100%], candidate share 0% (shadowing)", start.Stdout, StringComparison.Ordinal);

        var status = await CliProcess.RunAsync("rollout", "status", model, "--json", "--url", url);
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var document = JsonDocument.Parse(status.Stdout))
        {
            var rollout = document.RootElement;
            Assert.Equal(("2", "1", "running", 0, 0, true), (Str(rollout, "version"), Str(rollout, "stable_version"), Str(rollout, "state"), rollout.GetProperty("step").GetInt32(), rollout.GetProperty("share").GetInt32(), rollout.GetProperty("shadowing").GetBoolean()));
            var plan = rollout.GetProperty("plan");
            Assert.Equal((60.0, 10L, 500.0), (plan.GetProperty("interval_seconds").GetDouble(), plan.GetProperty("min_requests").GetInt64(), plan.GetProperty("slo").GetProperty("max_p99_ms").GetDouble()));
            Assert.Equal(["1", "2"], rollout.GetProperty("figures").EnumerateObject().Select(p => p.Name).Order());
        }

        // Redirected, a watch writes its frames one after another: two frames, a second apart, then it ends.
        var watch = await CliProcess.RunAsync("rollout", "status", model, "--watch", "--count", "2", "--url", url);
        Assert.True(watch.ExitCode == 0, watch.ToString());
        Assert.Equal(2, Occurrences(watch.Stdout, $"{model}: version 2 over 1, running, step 0"));

        var pause = await CliProcess.RunAsync("rollout", "pause", model, "--url", url);
        Assert.True(pause.ExitCode == 0 && pause.Stdout.Contains($"{model}: version 2 over 1, paused, step 0", StringComparison.Ordinal), pause.ToString());
        var history = await CliProcess.RunAsync("rollout", "history", model, "--url", url);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("rolling out version 2 over version 1", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("paused by an operator", history.Stdout, StringComparison.Ordinal);

        var abort = await CliProcess.RunAsync("rollout", "abort", model, "--url", url);
        Assert.True(abort.ExitCode == 0 && abort.Stdout.Contains($"{model}: version 2 over 1, aborted", StringComparison.Ordinal), abort.ToString());
        var (_, aborted) = await Http.GetAsync(model);
        Assert.Equal(("aborted", 0, "aborted by an operator"), (Str(aborted, "state"), aborted.GetProperty("share").GetInt32(), Str(aborted, "reason")));
        Assert.Equal(["start", "pause", "abort"], aborted.GetProperty("history").EnumerateArray().Select(d => Str(d, "action")));
        Assert.Equal("1", await fixture.AnsweringVersionAsync(model));
    }

    private void CopyRealModel(string model, int version)
    {
        var target = Directory.CreateDirectory(fixture.VersionDirectory(model, version)).FullName;
        File.Copy(Path.Combine(RepositoryPaths.RealModel(RolloutClusterFixture.RealModel), "1", "model.onnx"), Path.Combine(target, "model.onnx"));
    }

    private static JsonElement Require((HttpStatusCode Status, JsonElement Body) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status} {answer.Body}");
        return answer.Body;
    }

    private static (string Action, int Step, int Share, string Reason) Last(JsonElement rollout)
    {
        var decision = rollout.GetProperty("history").EnumerateArray().Last();
        return (Str(decision, "action"), decision.GetProperty("step").GetInt32(), decision.GetProperty("share").GetInt32(), Str(decision, "reason"));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Str(JsonElement element, string property) => element.GetProperty(property).GetString() ?? "";
}
