namespace AIaaS.Tenants;

/// <summary>A tenant's limits; a null field is unlimited.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.tenant-quotas")]
public sealed record TenantQuotas
{
    /// <summary>Requests per second, over the whole cluster.</summary>
    [Id(0)] public double? RequestsPerSecond { get; init; }

    /// <summary>Requests admitted at once above the steady rate; defaults to one second's worth.</summary>
    [Id(1)] public int? Burst { get; init; }

    /// <summary>Requests in flight at once, per front silo.</summary>
    [Id(2)] public int? MaxConcurrency { get; init; }

    /// <summary>Seconds of model compute per UTC day, over the whole cluster.</summary>
    [Id(3)] public double? ComputeSecondsPerDay { get; init; }

    public static TenantQuotas Unlimited { get; } = new();
}
