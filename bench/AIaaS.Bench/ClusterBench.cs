using System.Diagnostics;
using System.Globalization;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Testing.Cluster;

namespace AIaaS.Bench;

/// <summary>
/// The cluster measurement (<c>aiaas-bench cluster</c>): a real redis-server, a front silo process
/// and three worker silo processes on loopback, serving ppocr-cls (its catalog config, dynamic
/// batching) twice from their shared repository: <c>ppocr-cls-r1</c> with one replica, in one
/// worker process, and <c>ppocr-cls-r3</c> with three, one in each worker process. Through the
/// front over HTTP binary at one concurrency: the throughput and latency of each in interleaved
/// rounds (the same processes run in both, so only where the replicas are differs), then the
/// failover of ppocr-cls-r3 when a worker hosting one of its replicas is SIGKILLed under load.
/// Prints markdown tables.
/// </summary>
internal static class ClusterBench
{
    private const int Workers = 3;
    private const int Seed = 42;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PlacementTimeout = TimeSpan.FromSeconds(60);
    private static readonly InputShape ClsShape = new("x", [3, 48, 192]);
    private static readonly (string Model, int Replicas)[] Configurations = [("ppocr-cls-r1", 1), ("ppocr-cls-r3", 3)];

    public static async Task<int> RunAsync(ClusterBenchOptions options)
    {
        var source = Path.Combine(options.Models, BenchRepository.Cls);
        if (!File.Exists(Path.Combine(source, "config.json")))
        {
            throw new InvalidOperationException($"{source}/config.json does not exist: run `dotnet run --project clients/AIaaS.Cli -- models pull` first");
        }

        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions
        {
            Workers = Workers,
            // Console logging costs the cores being measured; warnings still say what went wrong.
            ExtraArguments = ["--Logging:LogLevel:Default=Warning"],
        });
        Console.WriteLine(Invariant($"cluster up in {clock.Elapsed.TotalSeconds:F0} s: redis-server {cluster.Redis.ConnectionString}, front {cluster.Front.BaseAddress}, {Workers} workers"));

        var calls = new Dictionary<string, Func<CancellationToken, Task>>(StringComparer.Ordinal);
        using var http = new OipHttpClient(cluster.Front.BaseAddress);
        foreach (var (model, replicas) in Configurations)
        {
            cluster.AddModel(model, source, config => config["replicas"] = replicas);
            await cluster.LoadModelAsync(model);
            var target = new OipHttpBenchTarget(http, model, version: null, binary: true);
            var inputs = SyntheticInputs.Create(await target.GetInputsAsync(CancellationToken.None), 1, [ClsShape], Seed);
            calls[model] = target.Prepare(new InferenceRequest { Inputs = inputs });
        }

        var placed = await cluster.WaitUntilAsync(
            view => Configurations.All(c => view.AllPlaced(c.Model, c.Replicas) && view.HostCount(c.Model) == c.Replicas),
            PlacementTimeout,
            "every replica placed, each configuration's on distinct workers",
            between: ct => TouchAsync(calls.Values, ct));
        Console.WriteLine($"placement (replica@silo port): {string.Join("; ", Configurations.Select(c => $"{c.Model} {Placement(placed, c.Model)}"))}");

        var results = new RoundResults();
        var window = TimeSpan.FromSeconds(options.Seconds);
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"round {round}/{options.Rounds}");
            foreach (var (model, replicas) in Configurations)
            {
                var result = await ClosedLoop.RunAsync(new ClosedLoopOptions { Concurrency = options.Concurrency, Warmup = Warmup, Duration = window }, calls[model]);
                results.Add($"{model}|items/s", result.PerSecond());
                results.Add($"{model}|p50", result.Latency.P50);
                results.Add($"{model}|p99", result.Latency.P99);
                results.Add($"{model}|errors", result.Errors);
                Console.WriteLine(Invariant($"  {model} ({replicas} replica(s)) @ concurrency {options.Concurrency}: {result.PerSecond():F0} items/s, p50 {Ms(result.Latency.P50)} ms, p99 {Ms(result.Latency.P99)} ms{Errors(result)}"));
            }
        }

        var failover = await MeasureFailoverAsync(cluster, calls[Configurations[^1].Model], Configurations[^1].Model, options);
        var loadAfter = LoadAverage();

        Console.WriteLine();
        Console.WriteLine(Invariant($"cluster: front + {Workers} worker silo processes over Redis on loopback, HTTP binary, ppocr-cls x [1,3,48,192], concurrency {options.Concurrency}, median of {options.Rounds} round(s) of {options.Seconds} s, {Environment.ProcessorCount} cores; load average before {loadBefore}, after {loadAfter}"));
        Console.WriteLine("| replicas | worker processes hosting them | items/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (model, replicas) in Configurations)
        {
            Console.WriteLine(Invariant(
                $"| {replicas} | {placed.HostCount(model)} | {results.Median($"{model}|items/s"):F0} | {Ms(results.Median($"{model}|p50"))} | {Ms(results.Median($"{model}|p99"))} | {results.Median($"{model}|errors"):F0} |"));
        }

        var r3 = results.Median($"{Configurations[^1].Model}|items/s") / results.Median($"{Configurations[0].Model}|items/s");
        Console.WriteLine(Invariant($"3 replicas / 1 replica: {r3:F2}"));
        Console.WriteLine();
        Console.WriteLine(Invariant(
            $"failover: {Configurations[^1].Model} at concurrency {options.Concurrency}, SIGKILL of the worker hosting its replica 0 after {options.Seconds} s, load for {options.RecoverySeconds} s more"));
        Console.WriteLine("| requests | errors | failover window (first to last error) | killed worker out of the front's view after | items/s | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine(Invariant(
            $"| {failover.Window.Calls} | {failover.Window.Errors} | {failover.Window.Window.TotalSeconds:F2} s | {failover.DeclaredDead.TotalSeconds:F1} s | {failover.Load.PerSecond():F0} | {Ms(failover.Load.Latency.P99)} | {Ms(failover.Load.Latency.Max)} |"));
        Console.WriteLine($"failover detail: {failover.Window}");
        return failover.Window.Errors == 0 && Configurations.All(c => results.Median($"{c.Model}|errors") == 0) ? 0 : 1;
    }

    private static async Task<(FailoverWindow Window, ClosedLoopResult Load, TimeSpan DeclaredDead)> MeasureFailoverAsync(
        SiloCluster cluster, Func<CancellationToken, Task> call, string model, ClusterBenchOptions options)
    {
        var before = await cluster.GetSnapshotAsync();
        var (_, host) = before.ReplicasOf(model).Single(r => r.Replica.Index == 0);
        var victim = cluster.Workers.Single(w => !w.HasExited && host.Is(w));
        Console.WriteLine($"failover: killing the worker on silo port {victim.SiloPort} (pid {victim.ProcessId}) {options.Seconds} s into the load; {model} {Placement(before, model)}");

        var timeline = new CallTimeline();
        var load = ClosedLoop.RunAsync(
            new ClosedLoopOptions { Concurrency = options.Concurrency, Duration = TimeSpan.FromSeconds(options.Seconds + options.RecoverySeconds) },
            timeline.Record(call));
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        var killedAt = timeline.GetTimestamp();
        var sinceKill = Stopwatch.StartNew();
        victim.Kill();
        await cluster.WaitUntilAsync(view => view.Active(victim) is null, TimeSpan.FromSeconds(options.RecoverySeconds + 30), "the front sees the killed worker leave");
        var declaredDead = sinceKill.Elapsed;
        var result = await load;
        var window = timeline.Failover(killedAt);

        var after = await cluster.WaitUntilAsync(
            view => view.AllPlaced(model, Configurations[^1].Replicas),
            PlacementTimeout,
            $"every {model} replica on a live worker",
            between: ct => TouchAsync([call], ct));
        Console.WriteLine(Invariant($"failover: {window}; killed worker out of the view after {declaredDead.TotalSeconds:F1} s; {model} now {Placement(after, model)}"));
        return (window, result, declaredDead);
    }

    /// <summary>A few calls of each, failures ignored: the router picks replicas at random, so this reaches all of them.</summary>
    private static async Task TouchAsync(IEnumerable<Func<CancellationToken, Task>> calls, CancellationToken cancellationToken)
    {
        foreach (var call in calls)
        {
            for (var i = 0; i < 3; i++)
            {
                try
                {
                    await call(cancellationToken);
                }
                catch (InferenceException)
                {
                }
            }
        }
    }

    private static string Placement(ClusterSnapshot view, string model) =>
        string.Join(", ", view.ReplicasOf(model).Select(r => Invariant($"{r.Replica.Index}@{r.Silo.Port}")));

    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>), or n/a.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string Ms(double microseconds) => (microseconds / 1000).ToString("F1", CultureInfo.InvariantCulture);

    private static string Errors(ClosedLoopResult result) =>
        result.Errors == 0 ? "" : $" ({result.Errors} errors, first: {BenchLevel.Describe(result.FirstError!)})";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
