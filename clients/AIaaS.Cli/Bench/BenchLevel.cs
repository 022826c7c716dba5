using AIaaS.Cli.Remote;
using AIaaS.Errors;

namespace AIaaS.Cli.Bench;

/// <summary>
/// One concurrency level of <c>aiaas bench</c>: the closed loop, with a server statistics reading
/// when its window opens and when it closes, as perf_analyzer takes them.
/// </summary>
internal static class BenchLevel
{
    public static async Task<BenchRow> RunAsync(
        Func<CancellationToken, Task> call,
        int concurrency,
        TimeSpan warmup,
        TimeSpan duration,
        int batchSize,
        ServerStatisticsReader? statistics,
        CancellationToken cancellationToken)
    {
        StatisticsTotals? before = null;
        StatisticsTotals? after = null;
        var options = new ClosedLoopOptions
        {
            Concurrency = concurrency,
            Warmup = warmup,
            Duration = duration,
            WindowOpened = statistics is null ? null : async ct => before = await statistics.ReadAsync(ct).ConfigureAwait(false),
            WindowClosed = statistics is null ? null : async ct => after = await statistics.ReadAsync(ct).ConfigureAwait(false),
        };
        var result = await ClosedLoop.RunAsync(options, call, cancellationToken).ConfigureAwait(false);
        return new BenchRow(
            concurrency,
            result.PerSecond(batchSize),
            result.Latency,
            result.Errors,
            result.FirstError is { } error ? Describe(error) : null,
            before is not null && after is not null ? ServerSideLatency.Between(before, after) : null);
    }

    /// <summary>An error as the user reads it: the server's message, or the exception's type and message.</summary>
    public static string Describe(Exception error) => error switch
    {
        InferenceException e => $"{e.Message} [{e.Kind}]",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
