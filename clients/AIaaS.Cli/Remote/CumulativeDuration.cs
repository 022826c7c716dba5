namespace AIaaS.Cli.Remote;

/// <summary>One of Triton's cumulative statistics: how many times, and their total duration in nanoseconds.</summary>
internal readonly record struct CumulativeDuration(long Count, long Nanoseconds)
{
    public static CumulativeDuration operator +(CumulativeDuration a, CumulativeDuration b) => new(a.Count + b.Count, a.Nanoseconds + b.Nanoseconds);

    public static CumulativeDuration operator -(CumulativeDuration a, CumulativeDuration b) => new(a.Count - b.Count, a.Nanoseconds - b.Nanoseconds);
}
