using System.Globalization;
using AIaaS.Testing;

namespace AIaaS.Bench.External;

/// <summary>
/// The throughput comparison as users measure it (<c>aiaas-bench external</c>): ppocr-cls served by
/// a silo process (<see cref="SiloProcess"/>) over HTTP with the binary tensor extension, loaded by
/// a separate load generator process (<see cref="LoadTool"/>), with batching on (our rule, the
/// catalog config), on by Triton's rule (the same config with <c>triton_batching</c>) and off
/// (two single-request executors), in interleaved rounds at each concurrency. Beside each figure:
/// the raw ONNX Runtime ceiling measured just before and after the concurrency's paths, the
/// generator's own CPU use, and the silo's (<c>/proc/{pid}/stat</c>), so the ceiling is compared
/// with the cores the server actually had. Prints medians of each round's ratios.
/// </summary>
internal static class ExternalBench
{
    private static readonly (string Name, string Model)[] Paths =
    [
        ("batching on", BenchRepository.Cls),
        ("batching on, Triton's rule", BenchRepository.ClsTriton),
        ("batching off", BenchRepository.ClsNoBatch),
    ];

    private static readonly int[] CeilingBatches = [1, 8, 16, 32];
    private static readonly TimeSpan CeilingWindow = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(ExternalOptions options, CancellationToken cancellationToken)
    {
        using var setup = await ClsLoadSetup.CreateAsync(options.Models, cancellationToken);
        var cls = setup.Workload;
        LoadTool tool = options.Tool == "hey" ? new HeyLoadTool(setup.BodyFile, setup.HeaderLength) : new AiaasLoadTool(setup.Data);

        // The ceiling's configuration and batch, chosen before the silo takes any memory or cores.
        var (configuration, batch, rate) = FindCeiling(cls);
        Console.WriteLine(Invariant($"raw ORT ceiling: {configuration.Name}, batch {batch}: {rate:F0} items/s"));
        var ceilingInputs = cls.Inputs(batch);
        double Ceiling() => RawOrt.Measure(configuration, ceilingInputs, batch, CeilingWindow).ItemsPerSecond;

        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions
            {
                DataDirectory = Path.Combine(setup.Data, "silo"),
                ModelRepository = setup.Repository,
                ClusterId = "aiaas-bench-external",
                // Console logging costs the cores being measured; warnings still say what went wrong.
                ExtraArguments = ["--Logging:LogLevel:Default=Warning"],
            },
            cancellationToken);
        Console.WriteLine($"silo process {silo.ProcessId} at {silo.BaseAddress}, load by {options.Tool}");

        // Uncounted: the silo's JIT tiering and ONNX Runtime's first runs of each model.
        foreach (var (_, model) in Paths)
        {
            await tool.RunAsync(silo.BaseAddress, model, 8, TimeSpan.FromSeconds(3), cancellationToken);
        }

        var results = new RoundResults();
        var window = TimeSpan.FromSeconds(options.Seconds);
        var cores = Environment.ProcessorCount;
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"round {round}/{options.Rounds}");
            foreach (var c in options.Concurrency)
            {
                var before = Ceiling();
                var rates = new Dictionary<string, LoadRun>(StringComparer.Ordinal);
                foreach (var (name, model) in Paths)
                {
                    var cpu = ProcessCpuTime.Of(silo.ProcessId);
                    var run = await tool.RunAsync(silo.BaseAddress, model, c, window, cancellationToken);
                    var serverCores = (ProcessCpuTime.Of(silo.ProcessId) - cpu).TotalSeconds / run.Wall.TotalSeconds;
                    rates[name] = run;
                    results.Add($"{c}|{name}|items/s", run.ItemsPerSecond);
                    results.Add($"{c}|{name}|client cores", run.ClientCores);
                    results.Add($"{c}|{name}|server cores", serverCores);
                    // What a shared machine disturbs least: items per second of the silo's CPU.
                    results.Add($"{c}|{name}|items per silo cpu s", run.ItemsPerSecond / Math.Max(serverCores, 0.01));
                    results.Add($"{c}|{name}|errors", run.Errors);
                    Console.WriteLine(Invariant($"  c={c} {name}: {run.ItemsPerSecond:F0} items/s, {options.Tool} {run.ClientCores:F2} cores, silo {serverCores:F2} cores{(run.Errors == 0 ? "" : $", {run.Errors} errors")}"));
                }

                var after = Ceiling();
                var ceiling = (before + after) / 2;
                Console.WriteLine(Invariant($"    ceiling just before and after: {before:F0} and {after:F0} items/s"));
                results.Add($"{c}|ceiling", ceiling);
                var off = rates["batching off"].ItemsPerSecond;
                foreach (var (name, _) in Paths)
                {
                    var run = rates[name];
                    results.Add($"{c}|{name}|of ceiling", run.ItemsPerSecond / ceiling);
                    // The ceiling used every core; the server had those the generator left it.
                    results.Add($"{c}|{name}|of ceiling on the server's cores", run.ItemsPerSecond / (ceiling * Math.Max(0.05, cores - run.ClientCores) / cores));
                    results.Add($"{c}|{name}|of off", run.ItemsPerSecond / off);
                    results.Add($"{c}|{name}|per silo cpu of off", results.Latest($"{c}|{name}|items per silo cpu s") / results.Latest($"{c}|batching off|items per silo cpu s"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(Invariant(
            $"ppocr-cls x [1,3,48,192] over HTTP binary from {options.Tool} (a separate process) to a silo process, {cores} cores, median of {options.Rounds} interleaved round(s) of {options.Seconds} s; ratios are medians of each round's ratios"));
        Console.WriteLine("| concurrency | path | items/s | of batching off | of raw ceiling | of ceiling on the cores left by the client | client cores | silo cores | items per silo CPU second | that, of batching off | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in options.Concurrency)
        {
            foreach (var (name, _) in Paths)
            {
                var key = $"{c}|{name}|";
                Console.WriteLine(Invariant(
                    $"| {c} | {name} | {results.Median(key + "items/s"):F0} | {results.Median(key + "of off"):F2} | {results.Median(key + "of ceiling"):F2} | {results.Median(key + "of ceiling on the server's cores"):F2} | {results.Median(key + "client cores"):F2} | {results.Median(key + "server cores"):F2} | {results.Median(key + "items per silo cpu s"):F0} | {results.Median(key + "per silo cpu of off"):F2} | {results.Median(key + "errors"):F0} |"));
            }
        }

        Console.WriteLine(Invariant($"raw ceiling ({configuration.Name}, batch {batch}), median over rounds: {string.Join(", ", options.Concurrency.Select(c => Invariant($"{results.Median($"{c}|ceiling"):F0} at c={c}")))} items/s"));
        return options.Concurrency.All(c => Paths.All(p => results.Median($"{c}|{p.Name}|errors") == 0)) ? 0 : 1;
    }

    /// <summary>The best raw configuration and batch for ppocr-cls: 1 s of each.</summary>
    private static (RawConfiguration Configuration, int Batch, double ItemsPerSecond) FindCeiling(Workload workload)
    {
        var best = (Configuration: workload.RawConfigurations[0], Batch: 1, ItemsPerSecond: 0.0);
        foreach (var configuration in workload.RawConfigurations)
        {
            foreach (var batch in CeilingBatches)
            {
                var result = RawOrt.Measure(configuration, workload.Inputs(batch), batch, TimeSpan.FromSeconds(1));
                if (result.ItemsPerSecond > best.ItemsPerSecond)
                {
                    best = (configuration, batch, result.ItemsPerSecond);
                }
            }
        }

        return best;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
