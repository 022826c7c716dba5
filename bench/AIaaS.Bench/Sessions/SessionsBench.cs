using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AIaaS.Bench.External;
using AIaaS.Cli.Bench;
using AIaaS.Repository;
using AIaaS.Testing;

namespace AIaaS.Bench.Sessions;

/// <summary>
/// Live sessions as users run them (<c>aiaas-bench sessions</c>): one silo process over a
/// repository of silero-vad variants, one per checkpoint policy; <c>aiaas bench VARIANT --sessions
/// ... --real-time</c> as a separate process per variant and protocol; the silo's and the
/// generator's CPU time read from the kernel; and the raw ONNX Runtime ceiling
/// (<see cref="SessionCeiling"/>) in this process before and after the levels. The largest level
/// served in real time is printed as a share of the mean ceiling's sessions: the issue's figure
/// (0.6 through the SDK, 0.4 through HTTP). Embedded mode stores sessions in files; with
/// <c>--redis</c> a redis-server process (append-only, as the tests run it) holds membership and state.
/// </summary>
internal static partial class SessionsBench
{
    private const string ClusterId = "aiaas-bench-sessions";
    private const string Model = "silero-vad";

    public static async Task<int> RunAsync(SessionsOptions options, CancellationToken cancellationToken)
    {
        var pulled = new ModelRepository(options.Models);
        if (pulled.Find(Model) is not { Versions: [.., var newest] })
        {
            Console.Error.WriteLine($"{pulled.Root} has no version of '{Model}': run `aiaas models pull` first");
            return 2;
        }

        var modelFile = pulled.ArtifactPath(Model, newest.Version);
        using var repository = new TemporaryDirectory("aiaas-bench-sessions-repo");
        var variants = options.Checkpoints.Select(every => WriteVariant(repository.Path, pulled, modelFile, every)).ToArray();
        var before = SessionCeiling.Measure(modelFile);

        using var data = new TemporaryDirectory("aiaas-bench-sessions");
        await using var redis = options.Redis ? new RedisServer() : null;
        if (redis is not null)
        {
            await redis.StartAsync(cancellationToken);
        }

        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions
            {
                DataDirectory = data.Path,
                ModelRepository = repository.Path,
                ClusterId = ClusterId,
                Redis = redis?.ConnectionString,
                // Console logging costs the cores being measured; warnings still say what went wrong.
                ExtraArguments = ["--Logging:LogLevel:Default=Warning"],
            },
            cancellationToken);
        Console.WriteLine($"silo process {silo.ProcessId}: {silo.BaseAddress}, gateway {silo.GatewayPort}, {(redis is null ? "embedded (files)" : $"Redis {redis.ConnectionString}")}; variants {string.Join(", ", variants.Select(v => v.Name))}");

        if (options.SiloWarmup > 0)
        {
            // A server runs for hours: its methods are compiled at their last tier long before anyone
            // measures it. A fresh silo under this load still spends a tenth of its CPU on tiered
            // compilation 20 s in, so each protocol serves its largest level once, uncounted.
            foreach (var protocol in options.Protocols)
            {
                var warm = options with { Sessions = [options.Sessions.Max()], Seconds = options.SiloWarmup, Warmup = 1 };
                await RunLevelsAsync(warm, silo, redis, variants[0], protocol, cancellationToken, quiet: true);
            }

            Console.WriteLine($"silo warmed up: the largest level over each protocol for {options.SiloWarmup} s, uncounted");
        }

        var runs = new List<Run>();
        foreach (var variant in variants)
        {
            foreach (var protocol in options.Protocols)
            {
                runs.Add(await RunLevelsAsync(options, silo, redis, variant, protocol, cancellationToken));
            }
        }

        var after = SessionCeiling.Measure(modelFile);
        var ceiling = (before.Max(c => c.StepsPerSecond) + after.Max(c => c.StepsPerSecond)) / 2 / SessionCeiling.StepsPerSessionSecond;
        Print(runs, before, after, ceiling);
        return 0;
    }

    private static async Task<Run> RunLevelsAsync(SessionsOptions options, SiloProcess silo, RedisServer? redis, Variant variant, string protocol, CancellationToken cancellationToken, bool quiet = false)
    {
        string[] target = protocol != BenchProtocols.Orleans
            ? ["--url", silo.BaseAddress.ToString()]
            : redis is null
                ? ["--gateway-port", silo.GatewayPort.ToString(CultureInfo.InvariantCulture), "--cluster-id", ClusterId]
                : ["--redis", redis.ConnectionString, "--cluster-id", ClusterId];
        var siloCpu = ProcessCpuTime.Of(silo.ProcessId);
        var (output, clientCpu, wall) = await LoadTool.RunProcessAsync(
            [
                BuildOutput.DotnetHost,
                BuildOutput.Assembly("clients/AIaaS.Cli", "aiaas.dll"),
                "bench", variant.Name,
                "--sessions", string.Join(',', options.Sessions),
                "--real-time",
                "--protocol", protocol,
                .. target,
                "--duration", $"{options.Seconds}s",
                "--warmup", $"{options.Warmup}s",
            ],
            cancellationToken);
        var levels = LevelLine().Matches(output).Select(Level.Parse).ToArray();
        if (levels.Length != options.Sessions.Count)
        {
            throw new InvalidOperationException($"aiaas bench printed {levels.Length} levels for {options.Sessions.Count}:\n{output}");
        }

        if (!quiet)
        {
            Console.Write(output);
        }

        // The silo's CPU over every level, warm-ups included at their level's rate; the generator
        // measures its own over its largest level's window (its process start and JIT are not steps).
        var steps = levels.Sum(l => l.StepsPerSecond * (options.Seconds + options.Warmup));
        return new Run(variant.Policy, protocol, levels, clientCpu / wall, (ProcessCpuTime.Of(silo.ProcessId) - siloCpu) / wall,
            levels[^1].ClientSecondsPerStep, (ProcessCpuTime.Of(silo.ProcessId) - siloCpu).TotalSeconds / steps);
    }

    private static void Print(List<Run> runs, IReadOnlyList<(int Batch, double StepsPerSecond)> before, IReadOnlyList<(int Batch, double StepsPerSecond)> after, double ceiling)
    {
        Console.WriteLine();
        Console.WriteLine($"raw ONNX Runtime, before: {Describe(before)}");
        Console.WriteLine($"raw ONNX Runtime, after:  {Describe(after)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling: {ceiling:F0} sessions (mean of the best batches / 31.25 steps/s)"));
        Console.WriteLine();
        Console.WriteLine("| checkpoint | protocol | sessions | steps/s (of N x 31.25) | p50 ms | p99 ms | late | errors | real time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var run in runs)
        {
            foreach (var level in run.Levels)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {run.Policy} | {run.Protocol} | {level.Sessions} | {level.StepsPerSecond:F0} ({level.Sessions * SessionCeiling.StepsPerSessionSecond:F0}) | {level.P50:F1} | {level.P99:F1} | {level.Late} | {level.Errors} | {(level.RealTime ? "yes" : "no")} |"));
            }
        }

        Console.WriteLine();
        foreach (var run in runs)
        {
            var served = run.Levels.Where(l => l.RealTime).Select(l => l.Sessions).DefaultIfEmpty(0).Max();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Policy}, {run.Protocol}: largest real-time level {served} sessions = {served / ceiling:F2} of the ceiling; client {run.ClientCores:F2} cores, silo {run.SiloCores:F2} cores over the run"));
            // The bound the cores set: the generator and the silo share them, so at these costs per
            // step no scheduling can hold more sessions than this, even at 100% busy.
            var perStep = run.ClientSecondsPerStep + run.SiloSecondsPerStep;
            var bound = Environment.ProcessorCount / (perStep * SessionCeiling.StepsPerSessionSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    CPU per step: client {run.ClientSecondsPerStep * 1e6:F0} µs (its largest level), silo {run.SiloSecondsPerStep * 1e6:F0} µs (raw ONNX Runtime at its best batch: {Environment.ProcessorCount * 1e6 / (ceiling * SessionCeiling.StepsPerSessionSecond):F0} µs of {Environment.ProcessorCount} cores); {Environment.ProcessorCount} cores at 100% hold at most {bound:F0} sessions = {bound / ceiling:F2} of the ceiling"));
        }
    }

    /// <summary>silero-vad under its own name for <c>every_step</c>, as <c>silero-every{N}</c> for <c>{"every": N}</c>.</summary>
    private static Variant WriteVariant(string root, ModelRepository pulled, string modelFile, int every)
    {
        var name = every == 1 ? Model : $"silero-every{every}";
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(pulled.ModelPath(Model), ModelConfigJson.FileName)))!;
        config["name"] = name;
        config["sequence_batching"]!["checkpoint"] = every == 1 ? "every_step" : new JsonObject { ["every"] = every };
        var directory = Directory.CreateDirectory(Path.Combine(root, name, "1"));
        File.Copy(modelFile, Path.Combine(directory.FullName, ModelRepository.ArtifactFileName));
        File.WriteAllText(Path.Combine(root, name, ModelConfigJson.FileName), config.ToJsonString());
        return new Variant(name, every == 1 ? "every_step" : $"every {every}");
    }

    private static string Describe(IReadOnlyList<(int Batch, double StepsPerSecond)> ceiling) =>
        string.Join(", ", ceiling.Select(c => string.Create(CultureInfo.InvariantCulture, $"batch {c.Batch} {c.StepsPerSecond:F0} steps/s")));

    // SessionBenchRunner's line per level: "  16 sessions: 500 steps/s, p50 1.2 ms, p99 3.4 ms, 0 late, 0 errors: real time".
    [GeneratedRegex(@"^\s*(\d+) sessions: (\d+) steps/s, p50 ([\d.]+) ms, p99 ([\d.]+) ms, (\d+) late, (\d+) errors, client (\d+) µs CPU per step.*: (not real time|real time)\s*$", RegexOptions.Multiline)]
    private static partial Regex LevelLine();

    private sealed record Variant(string Name, string Policy);

    private sealed record Run(string Policy, string Protocol, IReadOnlyList<Level> Levels, double ClientCores, double SiloCores, double ClientSecondsPerStep, double SiloSecondsPerStep);

    private sealed record Level(int Sessions, double StepsPerSecond, double P50, double P99, long Late, long Errors, double ClientSecondsPerStep, bool RealTime)
    {
        public static Level Parse(Match m) => new(
            int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[7].Value, CultureInfo.InvariantCulture) / 1e6,
            m.Groups[8].Value == "real time");
    }
}
