namespace AIaaS.Cli.Remote;

/// <summary>One of Triton's cumulative statistics: how many times, and their total duration in nanoseconds.</summary>
internal readonly record struct StatisticDuration(long Count, long Nanoseconds)
{
    public static StatisticDuration operator +(StatisticDuration a, StatisticDuration b) => new(a.Count + b.Count, a.Nanoseconds + b.Nanoseconds);

    public static StatisticDuration operator -(StatisticDuration a, StatisticDuration b) => new(a.Count - b.Count, a.Nanoseconds - b.Nanoseconds);
}
