namespace AIaaS.Cli.Bench;

/// <summary>
/// Client latencies of one measurement, in microseconds. Percentiles are nearest-rank: the p-th
/// percentile of n sorted samples is the sample of rank ⌈p/100 · n⌉ (1-based), so it is always a
/// latency that was measured, and at least p % of the samples are at or below it.
/// </summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double Average, double Min, double Max)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarises <paramref name="ticks"/> (sorted in place) at <paramref name="frequency"/> ticks per second.</summary>
    public static LatencySummary FromTicks(long[] ticks, long frequency)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency);
        if (ticks.Length == 0)
        {
            return Empty;
        }

        Array.Sort(ticks);
        var toMicroseconds = 1_000_000.0 / frequency;
        Int128 sum = 0;
        foreach (var t in ticks)
        {
            sum += t;
        }

        return new LatencySummary(
            ticks.Length,
            NearestRank(ticks, 50) * toMicroseconds,
            NearestRank(ticks, 90) * toMicroseconds,
            NearestRank(ticks, 99) * toMicroseconds,
            (double)sum / ticks.Length * toMicroseconds,
            ticks[0] * toMicroseconds,
            ticks[^1] * toMicroseconds);
    }

    /// <summary>The nearest-rank <paramref name="percentile"/> (0-100) of <paramref name="sorted"/>, which is sorted ascending.</summary>
    public static long NearestRank(ReadOnlySpan<long> sorted, decimal percentile)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("no samples", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100m);
        // Decimal keeps p · n exact (0.99 · 100 is 99, not 98.99999999999999 as in double).
        var rank = (long)decimal.Ceiling(percentile * sorted.Length / 100m);
        return sorted[(int)Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
