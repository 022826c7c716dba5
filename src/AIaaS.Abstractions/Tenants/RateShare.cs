namespace AIaaS.Tenants;

/// <summary>
/// A front's share of a tenant's cluster-wide budgets, leased from the tenant grain: the rate it
/// may admit until the next renewal, and the compute the tenant has used today over the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.rate-share")]
public sealed record RateShare
{
    /// <summary>Requests per second this front may admit; null when the tenant has no rate quota.</summary>
    [Id(0)] public double? RequestsPerSecond { get; init; }

    /// <summary>This front's share of the burst.</summary>
    [Id(1)] public int Burst { get; init; }

    /// <summary>Compute seconds flushed to the tenant's usage for the current UTC day.</summary>
    [Id(2)] public double ComputeSecondsToday { get; init; }

    /// <summary>The tenant's revision, so a front notices changed quotas or entitlements.</summary>
    [Id(3)] public long Revision { get; init; }
}
