using AIaaS.Cli.Bench;

namespace AIaaS.Bench;

/// <summary>
/// Issue #4's targets for the latency a serving path adds to a model's own compute at
/// concurrency 1 (end-to-end minus the raw ORT p50 per call): HTTP p50 within 150 us and p99
/// within 1 ms, the Orleans client p50 within 80 us.
/// </summary>
internal static class AddedLatencyTargets
{
    public static (double? P50, double? P99) For(string protocol) => protocol switch
    {
        BenchProtocols.Orleans => (80, null),
        _ => (150, 1000),
    };

    /// <summary><c>added p50 &lt;= 150 us: met; added p99 &lt;= 1000 us: MISSED</c>.</summary>
    public static string Verdict(string protocol, double addedP50, double addedP99)
    {
        var (p50, p99) = For(protocol);
        var parts = new List<string>();
        if (p50 is { } a)
        {
            parts.Add($"added p50 <= {a:F0} us: {(addedP50 <= a ? "met" : "MISSED")}");
        }

        if (p99 is { } b)
        {
            parts.Add($"added p99 <= {b:F0} us: {(addedP99 <= b ? "met" : "MISSED")}");
        }

        return string.Join("; ", parts);
    }
}
