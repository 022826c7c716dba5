using AIaaS.Rollouts;

namespace AIaaS.Grains.Rollouts;

/// <summary>Arithmetic of <see cref="ServingFigures"/>: windows from running totals, versions from replicas.</summary>
internal static class ServingWindow
{
    /// <summary>
    /// A new empty window each time: JSON grain storage (Redis) writes a second reference to one
    /// array as a <c>$ref</c> that it then cannot read back into a record's constructor.
    /// </summary>
    public static ServingFigures Empty => new(0, 0, new long[LatencyBuckets.Count], 0, 0, 0, 0, 0);

    /// <summary>Both windows as one (replicas of a version, or consecutive intervals of a step).</summary>
    public static ServingFigures Add(ServingFigures a, ServingFigures b) => new(
        a.Requests + b.Requests,
        a.ServerErrors + b.ServerErrors,
        Combine(a.Latency, b.Latency, 1),
        a.BusyMicroseconds + b.BusyMicroseconds,
        a.Compared + b.Compared,
        a.Top1Rows + b.Top1Rows,
        a.Top1Agreed + b.Top1Agreed,
        Math.Max(a.MaxOutputDiff, b.MaxOutputDiff));

    /// <summary>
    /// What happened between two readings of one activation's running totals. The largest output
    /// difference is not a total: the later reading's (taken since the earlier one) is kept.
    /// </summary>
    public static ServingFigures Since(ServingFigures current, ServingFigures previous) => new(
        current.Requests - previous.Requests,
        current.ServerErrors - previous.ServerErrors,
        Combine(current.Latency, previous.Latency, -1),
        current.BusyMicroseconds - previous.BusyMicroseconds,
        current.Compared - previous.Compared,
        current.Top1Rows - previous.Top1Rows,
        current.Top1Agreed - previous.Top1Agreed,
        current.MaxOutputDiff);

    public static VersionFigures Summarise(ServingFigures figures) => new()
    {
        Requests = figures.Requests,
        Errors = figures.ServerErrors,
        P99Ms = LatencyBuckets.PercentileMs(figures.Latency, 0.99),
        Compared = figures.Compared,
        MaxOutputDiff = figures.Compared == 0 ? null : figures.MaxOutputDiff,
        Top1Agreement = figures.Top1Rows == 0 ? null : (double)figures.Top1Agreed / figures.Top1Rows,
    };

    private static long[] Combine(long[] a, long[] b, int sign)
    {
        var result = new long[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (i < a.Length ? a[i] : 0) + sign * (i < b.Length ? b[i] : 0);
        }

        return result;
    }
}
