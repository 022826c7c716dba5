namespace AIaaS.Grains.Rollouts;

/// <summary>
/// The latency histogram of serving figures: buckets whose upper bounds grow by 20% from 50 us to
/// about 2 minutes, plus one for anything longer. A percentile read from it is the upper bound of
/// its bucket: at most 20% high, never low, which is the safe side for a latency gate. Fixed
/// bounds make histograms of replicas and windows add and subtract bucket by bucket.
/// </summary>
internal static class LatencyBuckets
{
    private const double FirstBoundMicroseconds = 50;
    private const double Growth = 1.2;

    /// <summary>Upper bounds in microseconds; the last bucket (index <see cref="Count"/> - 1) has none.</summary>
    private static readonly double[] Bounds = CreateBounds();

    public static int Count => Bounds.Length + 1;

    public static int IndexOf(double microseconds)
    {
        var index = Array.BinarySearch(Bounds, microseconds);
        return index >= 0 ? index : ~index;
    }

    /// <summary>The <paramref name="quantile"/> (0 to 1) of <paramref name="counts"/> in milliseconds; 0 for an empty histogram.</summary>
    public static double PercentileMs(IReadOnlyList<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Bounds[Math.Min(i, Bounds.Length - 1)] / 1000;
            }
        }

        return Bounds[^1] / 1000;
    }

    private static double[] CreateBounds()
    {
        var bounds = new List<double>();
        for (var bound = FirstBoundMicroseconds; bound < 120_000_000; bound *= Growth)
        {
            bounds.Add(Math.Round(bound, 1));
        }

        return [.. bounds];
    }
}
