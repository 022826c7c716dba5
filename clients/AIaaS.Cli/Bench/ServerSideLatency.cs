using AIaaS.Cli.Remote;

namespace AIaaS.Cli.Bench;

/// <summary>
/// What the server reports for the requests between two statistics readings, as perf_analyzer
/// shows it: average queue time and compute time (input + infer + output) per request in
/// microseconds (delta nanoseconds over delta count, each part on its own count), and the average
/// batch size (delta inferences over delta executions). Null where the deltas hold nothing.
/// </summary>
internal sealed record ServerSideLatency(double? QueueMicroseconds, double? ComputeMicroseconds, double? AverageBatchSize)
{
    public static ServerSideLatency Between(StatisticsTotals before, StatisticsTotals after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var parts = new[]
        {
            Average(after.ComputeInput - before.ComputeInput),
            Average(after.ComputeInfer - before.ComputeInfer),
            Average(after.ComputeOutput - before.ComputeOutput),
        };
        var executions = after.ExecutionCount - before.ExecutionCount;
        return new ServerSideLatency(
            Average(after.Queue - before.Queue),
            parts.All(p => p is null) ? null : parts.Sum(p => p ?? 0),
            executions > 0 ? (after.InferenceCount - before.InferenceCount) / (double)executions : null);
    }

    private static double? Average(CumulativeDuration delta) => delta.Count > 0 ? delta.Nanoseconds / (double)delta.Count / 1000 : null;
}
