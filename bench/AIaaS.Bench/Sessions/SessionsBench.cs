using System.Globalization;
using System.Text.RegularExpressions;
using AIaaS.Bench.External;
using AIaaS.Cli.Bench;
using AIaaS.Repository;
using AIaaS.Testing;

namespace AIaaS.Bench.Sessions;

/// <summary>
/// Live sessions as users run them (<c>aiaas-bench sessions</c>): one silo process over the
/// repository (embedded mode, the model's own checkpoint policy), <c>aiaas bench MODEL --sessions
/// ... --real-time</c> as a separate process per protocol, the silo's and the generator's CPU time
/// read from the kernel, and the raw ONNX Runtime ceiling (<see cref="SessionCeiling"/>) in this
/// process before and after the levels. The largest level served in real time is printed as a share
/// of the mean ceiling's sessions: the issue's figure (0.6 through the SDK, 0.4 through HTTP).
/// </summary>
internal static partial class SessionsBench
{
    private const string ClusterId = "aiaas-bench-sessions";

    public static async Task<int> RunAsync(SessionsOptions options, CancellationToken cancellationToken)
    {
        var repository = new ModelRepository(options.Models);
        if (repository.Find(options.Model) is not { Versions: [.., var newest] })
        {
            Console.Error.WriteLine($"{repository.Root} has no version of '{options.Model}': run `aiaas models pull silero-vad` first");
            return 2;
        }

        var modelFile = repository.ArtifactPath(options.Model, newest.Version);
        var before = SessionCeiling.Measure(modelFile);

        using var data = new TemporaryDirectory("aiaas-bench-sessions");
        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions
            {
                DataDirectory = data.Path,
                ModelRepository = repository.Root,
                ClusterId = ClusterId,
                // Console logging costs the cores being measured; warnings still say what went wrong.
                ExtraArguments = ["--Logging:LogLevel:Default=Warning"],
            },
            cancellationToken);
        Console.WriteLine($"silo process {silo.ProcessId}: {silo.BaseAddress}, gateway {silo.GatewayPort}; {options.Model} version {newest.Version}");

        var runs = new List<(string Protocol, IReadOnlyList<Level> Levels, double ClientCores, double SiloCores)>();
        foreach (var protocol in options.Protocols)
        {
            var siloCpu = ProcessCpuTime.Of(silo.ProcessId);
            var (output, clientCpu, wall) = await LoadTool.RunProcessAsync(
                [
                    BuildOutput.DotnetHost,
                    BuildOutput.Assembly("clients/AIaaS.Cli", "aiaas.dll"),
                    "bench", options.Model,
                    "--sessions", string.Join(',', options.Sessions),
                    "--real-time",
                    "--protocol", protocol,
                    .. protocol == BenchProtocols.Orleans
                        ? (string[])["--gateway-port", silo.GatewayPort.ToString(CultureInfo.InvariantCulture), "--cluster-id", ClusterId]
                        : ["--url", silo.BaseAddress.ToString()],
                    "--duration", $"{options.Seconds}s",
                    "--warmup", "1s",
                ],
                cancellationToken);
            var levels = LevelLine().Matches(output).Select(Level.Parse).ToArray();
            if (levels.Length != options.Sessions.Count)
            {
                throw new InvalidOperationException($"aiaas bench printed {levels.Length} levels for {options.Sessions.Count}:\n{output}");
            }

            runs.Add((protocol, levels, clientCpu / wall, (ProcessCpuTime.Of(silo.ProcessId) - siloCpu) / wall));
            Console.Write(output);
        }

        var after = SessionCeiling.Measure(modelFile);
        var ceiling = (before.Max(c => c.StepsPerSecond) + after.Max(c => c.StepsPerSecond)) / 2 / SessionCeiling.StepsPerSessionSecond;
        Console.WriteLine();
        Console.WriteLine($"raw ONNX Runtime, before: {Describe(before)}");
        Console.WriteLine($"raw ONNX Runtime, after:  {Describe(after)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling: {ceiling:F0} sessions (mean of the best batches / 31.25 steps/s)"));
        Console.WriteLine();
        Console.WriteLine("| protocol | sessions | steps/s (of N x 31.25) | p50 ms | p99 ms | late | errors | real time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (protocol, levels, _, _) in runs)
        {
            foreach (var level in levels)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {protocol} | {level.Sessions} | {level.StepsPerSecond:F0} ({level.Sessions * SessionCeiling.StepsPerSessionSecond:F0}) | {level.P50:F1} | {level.P99:F1} | {level.Late} | {level.Errors} | {(level.RealTime ? "yes" : "no")} |"));
            }
        }

        Console.WriteLine();
        foreach (var (protocol, levels, clientCores, siloCores) in runs)
        {
            var served = levels.Where(l => l.RealTime).Select(l => l.Sessions).DefaultIfEmpty(0).Max();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{protocol}: largest real-time level {served} sessions = {served / ceiling:F2} of the ceiling; client {clientCores:F2} cores, silo {siloCores:F2} cores over the run"));
        }

        return 0;
    }

    private static string Describe(IReadOnlyList<(int Batch, double StepsPerSecond)> ceiling) =>
        string.Join(", ", ceiling.Select(c => string.Create(CultureInfo.InvariantCulture, $"batch {c.Batch} {c.StepsPerSecond:F0} steps/s")));

    // SessionBenchRunner's line per level: "  16 sessions: 500 steps/s, p50 1.2 ms, p99 3.4 ms, 0 late, 0 errors: real time".
    [GeneratedRegex(@"^\s*(\d+) sessions: (\d+) steps/s, p50 ([\d.]+) ms, p99 ([\d.]+) ms, (\d+) late, (\d+) errors.*: (not real time|real time)\s*$", RegexOptions.Multiline)]
    private static partial Regex LevelLine();

    private sealed record Level(int Sessions, double StepsPerSecond, double P50, double P99, long Late, long Errors, bool RealTime)
    {
        public static Level Parse(Match m) => new(
            int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture),
            m.Groups[7].Value == "real time");
    }
}
