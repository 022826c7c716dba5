using System.CommandLine;

namespace AIaaS.Bench.Tenancy;

/// <summary>
/// <c>aiaas-bench tenancy [--seconds 8] [--rounds 3] [--flood 64] [--fairness-only | --cost-only]</c>: what API keys, quotas and
/// metering cost, and whether a quiet tenant keeps its latency while another floods (<see cref="TenancyBench"/>).
/// </summary>
internal static class TenancyCommand
{
    public static Command Create()
    {
        var models = BenchOptionFactory.Models();
        var seconds = BenchOptionFactory.Positive("--seconds", 8, "Each load window");
        var rounds = BenchOptionFactory.Positive("--rounds", 3, "Interleaved rounds; medians of each round's ratios are printed");
        var flood = BenchOptionFactory.Positive("--flood", 64, "Concurrency of the flooding tenant");
        var fairnessOnly = new Option<bool>("--fairness-only") { Description = "Only the quiet tenant beside floods on the compute-bound model 'busy'" };
        var costOnly = new Option<bool>("--cost-only") { Description = "Only the cost of keys, quotas and metering, within one silo process (anonymous calls against a tenant's key) at c=1 and c=32, in ABBA order round after round" };
        var command = new Command("tenancy", "ppocr-cls from hey (a separate process): a silo without auth against one with API keys, quotas and metering, at c=1 and c=32; then a quiet tenant's latency alone and while another floods");
        command.Options.Add(models);
        command.Options.Add(seconds);
        command.Options.Add(rounds);
        command.Options.Add(flood);
        command.Options.Add(fairnessOnly);
        command.Options.Add(costOnly);
        command.SetAction((result, cancellationToken) => TenancyBench.RunAsync(
            new TenancyOptions
            {
                Models = result.GetValue(models)!,
                Seconds = result.GetValue(seconds),
                Rounds = result.GetValue(rounds),
                Flood = result.GetValue(flood),
                FairnessOnly = result.GetValue(fairnessOnly),
                CostOnly = result.GetValue(costOnly),
            },
            cancellationToken));
        return command;
    }
}
