using System.Diagnostics;
using System.Globalization;
using AIaaS.Cli.Bench;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;
using Xunit.Abstractions;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// Failover in a real cluster over Redis (<see cref="FailoverClusterFixture"/>: a front and three
/// workers, ppocr-cls with three replicas): HTTP load through the front while a worker hosting a
/// replica is SIGKILLed, and a new worker joining afterwards. Each test makes what it needs from
/// the fixture's state, so they hold in either order. Bounds here are liveness bounds, generous
/// on purpose for a shared 2-core machine; nothing asserts on speed.
/// </summary>
public sealed class ClusterFailoverTests(FailoverClusterFixture fixture, ITestOutputHelper output) : IClassFixture<FailoverClusterFixture>
{
    private const string Model = FailoverClusterFixture.Model;
    private const int Replicas = FailoverClusterFixture.Replicas;
    private const int Concurrency = 8;

    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan LastErrorBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CleanTailAtLeast = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NewWorkerTimeout = TimeSpan.FromSeconds(60);

    private SiloCluster Cluster => fixture.Cluster;

    [Fact(Timeout = 150_000)]
    public async Task Infer_WorkerHostingAReplicaKilledUnderLoad_AtLeast999PerMilleSucceedAndServingRecovers()
    {
        var before = await Cluster.WaitUntilAsync(
            view => view.AllPlaced(Model, Replicas) && view.HostCount(Model) > 1,
            RecoveryTimeout,
            $"every {Model} replica placed, on more than one worker",
            between: ct => fixture.TouchAsync(Replicas, ct));
        var victim = WorkerHosting(before, index: 0);
        output.WriteLine($"before: {Placement(before)}; killing {Describe(victim)} (hosts replica 0) {KillAfter.TotalSeconds:0} s into {LoadDuration.TotalSeconds:0} s of load at concurrency {Concurrency}");

        var timeline = new CallTimeline();
        var load = ClosedLoop.RunAsync(new ClosedLoopOptions { Concurrency = Concurrency, Duration = LoadDuration }, timeline.Record(fixture.Infer));
        await Task.Delay(KillAfter);
        var killedAt = timeline.GetTimestamp();
        victim.Kill();
        var result = await load;
        var failover = timeline.Failover(killedAt);

        output.WriteLine(Invariant($"load: {result.PerSecond():F0} req/s, p50 {result.Latency.P50 / 1000:F1} ms, p99 {result.Latency.P99 / 1000:F1} ms, max {result.Latency.Max / 1000:F0} ms"));
        output.WriteLine($"failover: {failover}");
        output.WriteLine(Invariant($"failover window: {failover.Window.TotalSeconds:F2} s"));
        var context = $"{failover}\n{Cluster.Describe()}";
        Assert.True(failover.Calls > 0, context);
        Assert.True(failover.SuccessRatio >= 0.999, $"fewer than 99.9 % of requests succeeded: {context}");
        Assert.True(failover.ErrorsBeforeKill == 0, $"requests failed before any silo was killed: {context}");
        Assert.True(failover.LastError is not { } last || last <= LastErrorBound, $"a request failed more than {LastErrorBound.TotalSeconds:0} s after the kill: {context}");
        Assert.True(failover.CleanTail >= CleanTailAtLeast && failover.SuccessesAfterLastError > 0,
            $"the load did not end with {CleanTailAtLeast.TotalSeconds:0} s of requests without an error: {context}");

        // Serving normally: the killed worker is out of the view and every replica is on a live worker.
        var after = await Cluster.WaitUntilAsync(
            view => view.Active(victim) is null && view.AllPlaced(Model, Replicas),
            RecoveryTimeout,
            $"the killed worker gone from the active silos and every {Model} replica on a live worker",
            between: ct => fixture.TouchAsync(Replicas, ct));
        output.WriteLine($"after: {Placement(after)}");
    }

    [Fact(Timeout = 180_000)]
    public async Task NewWorker_JoinsWhileAWorkerHostsTwoReplicas_HostsAReplicaWithin60Seconds()
    {
        var view = await Cluster.WaitUntilAsync(
            v => v.AllPlaced(Model, Replicas),
            RecoveryTimeout,
            $"every {Model} replica placed",
            between: ct => fixture.TouchAsync(Replicas, ct));
        if (view.HostCount(Model) == Replicas)
        {
            // Every replica has a worker of its own (the other test has not killed one yet): a
            // crash makes two share one, which is what a new worker should relieve.
            var victim = WorkerHosting(view, index: 0);
            output.WriteLine($"killing {Describe(victim)} so that two replicas share a worker");
            victim.Kill();
            view = await Cluster.WaitUntilAsync(
                v => v.Active(victim) is null && v.AllPlaced(Model, Replicas),
                RecoveryTimeout,
                $"the killed worker gone from the active silos and every {Model} replica on a live worker",
                between: ct => fixture.TouchAsync(Replicas, ct));
        }

        Assert.True(view.HostCount(Model) < Replicas, $"no worker hosts two {Model} replicas: {view}");
        output.WriteLine($"before: {Placement(view)}");

        var worker = await Cluster.StartWorkerAsync(RecoveryTimeout);
        var joined = Stopwatch.StartNew();
        output.WriteLine($"started {Describe(worker)}");
        var after = await Cluster.WaitUntilAsync(
            v => v.Active(worker)?.Replicas.Any(r => r.Model == Model) == true && v.AllPlaced(Model, Replicas),
            NewWorkerTimeout,
            $"the new worker (silo port {worker.SiloPort}) active and hosting a {Model} replica",
            between: ct => fixture.TouchAsync(Replicas, ct));
        output.WriteLine(Invariant($"after {joined.Elapsed.TotalSeconds:F1} s: {Placement(after)}"));
    }

    /// <summary>The worker process that <paramref name="view"/> lists replica <paramref name="index"/> on.</summary>
    private SiloProcess WorkerHosting(ClusterSnapshot view, int index)
    {
        var (_, silo) = view.ReplicasOf(Model).Single(r => r.Replica.Index == index);
        return Cluster.Workers.Single(w => !w.HasExited && silo.Is(w));
    }

    private static string Describe(SiloProcess silo) => $"worker silo port {silo.SiloPort} pid {silo.ProcessId}";

    /// <summary><c>replica@siloPort</c> for each replica of the model.</summary>
    private static string Placement(ClusterSnapshot view) =>
        string.Join(", ", view.ReplicasOf(Model).Select(r => $"{r.Replica.Index}@{r.Silo.Port}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
