namespace AIaaS.Cli.Bench;

/// <summary>What one closed-loop measurement counted in its window.</summary>
/// <param name="Successes">Calls answered successfully in the window.</param>
/// <param name="Errors">Calls that failed in the window.</param>
/// <param name="FirstError">The earliest failure in the window, if any.</param>
/// <param name="Latency">Latencies of the successful calls.</param>
internal sealed record ClosedLoopResult(int Concurrency, TimeSpan Window, long Successes, long Errors, Exception? FirstError, LatencySummary Latency)
{
    /// <summary>Successful calls per second of the window, times <paramref name="itemsPerCall"/> (the batch size).</summary>
    public double PerSecond(int itemsPerCall = 1) => Successes * (double)itemsPerCall / Window.TotalSeconds;
}
