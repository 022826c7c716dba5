using System.CommandLine;

namespace AIaaS.Bench;

/// <summary>
/// <c>aiaas-bench [--models DIR] [--seconds 5] [--concurrency 32] [--rounds 2] [--only cls|tiny|null]
/// [--paths TEXT[|TEXT...]] [--AIaaS:Key=value ...]</c>: the in-process harness
/// (<see cref="ThroughputBench"/>), the root command; <c>cluster</c> and <c>external</c> are its
/// subcommands.
/// </summary>
internal static class ThroughputCommand
{
    private const string SiloSettingPrefix = "--AIaaS:";

    public static RootCommand Create()
    {
        var models = BenchOptionFactory.Models();
        var seconds = BenchOptionFactory.Positive("--seconds", 5, "Each measurement window");
        var concurrency = BenchOptionFactory.Positive("--concurrency", 32, "Closed-loop workers of the throughput windows");
        var rounds = BenchOptionFactory.Positive("--rounds", 2, "Interleaved rounds; medians are printed");
        var only = new Option<string?>("--only")
        {
            Description = "One model's part: cls, tiny (with the added latency), or null (a ppocr-cls-sized model without compute, only on request)",
        };
        only.AcceptOnlyFromAmong("cls", "tiny", "null");
        var paths = new Option<string?>("--paths")
        {
            Description = "Only the serving paths whose name contains one of these texts, separated by | (\"http-binary, batching on|orleans, batching on\")",
        };
        var root = new RootCommand(
            "aiaas-bench: the raw ONNX Runtime ceiling next to every serving path with batching on and off, in one process, in interleaved rounds. "
            + "--AIaaS:Key=value arguments go to the silo (e.g. --AIaaS:Onnx:AllowSpinning=true), to compare a setting against the defaults.")
        {
            // The silo's own settings pass through untouched.
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(models);
        root.Options.Add(seconds);
        root.Options.Add(concurrency);
        root.Options.Add(rounds);
        root.Options.Add(only);
        root.Options.Add(paths);
        root.SetAction((result, _) =>
        {
            if (result.UnmatchedTokens.FirstOrDefault(t => !IsSiloSetting(t)) is { } unknown)
            {
                Console.Error.WriteLine($"unknown argument '{unknown}' (silo settings are --AIaaS:Key=value); see --help");
                return Task.FromResult(1);
            }

            return ThroughputBench.RunAsync(new BenchOptions
            {
                Models = result.GetValue(models)!,
                Seconds = result.GetValue(seconds),
                Concurrency = result.GetValue(concurrency),
                Rounds = result.GetValue(rounds),
                Only = result.GetValue(only),
                Paths = result.GetValue(paths),
                SiloSettings = [.. result.UnmatchedTokens],
            });
        });
        return root;
    }

    private static bool IsSiloSetting(string token) =>
        token.StartsWith(SiloSettingPrefix, StringComparison.Ordinal) && token.Contains('=', StringComparison.Ordinal);
}
