using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>What the tenant grain persists.</summary>
[GenerateSerializer, Alias("aiaas.tenant-grain-state")]
internal sealed class TenantGrainState
{
    /// <summary>Null while the tenant does not exist (never created, or deleted).</summary>
    [Id(0)] public TenantDefinition? Definition { get; set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    [Id(2)] public List<TenantKeyRecord> Keys { get; set; } = [];

    [Id(3)] public long Revision { get; set; }

    /// <summary>Usage by <see cref="UsageKey"/> (model, version, hour); kept after the tenant is deleted.</summary>
    [Id(4)] public Dictionary<string, UsageRecord> Usage { get; set; } = new(StringComparer.Ordinal);
}
