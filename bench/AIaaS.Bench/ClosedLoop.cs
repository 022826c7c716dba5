using System.Diagnostics;

namespace AIaaS.Bench;

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> workers each send the next request as soon as
/// the previous one answers, for a fixed time. Bounded in count of workers and in time.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<double> ItemsPerSecondAsync(int concurrency, TimeSpan duration, int itemsPerCall, Func<Task> call)
    {
        // Warm-up: lets batching, JIT and connections settle before counting.
        await RunAsync(concurrency, TimeSpan.FromSeconds(1), call);
        var stopwatch = Stopwatch.StartNew();
        var calls = await RunAsync(concurrency, duration, call);
        return calls * itemsPerCall / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<long> RunAsync(int concurrency, TimeSpan duration, Func<Task> call)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long completed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                await call();
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        return completed;
    }
}
