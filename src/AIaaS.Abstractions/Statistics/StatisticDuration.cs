namespace AIaaS.Statistics;

/// <summary>How often something happened and how long it took in all, Triton's <c>$duration_stat</c>.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.statistic-duration")]
public sealed record StatisticDuration(
    [property: Id(0)] long Count,
    [property: Id(1)] long Ns)
{
    public static StatisticDuration Zero { get; } = new(0, 0);

    /// <summary>Both counts and both durations added.</summary>
    public StatisticDuration Add(StatisticDuration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new StatisticDuration(Count + other.Count, Ns + other.Ns);
    }
}
