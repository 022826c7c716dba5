namespace AIaaS.Grains.Tenants;

/// <summary>What the tenant directory persists.</summary>
[GenerateSerializer, Alias("aiaas.tenant-directory-state")]
internal sealed class TenantDirectoryState
{
    [Id(0)] public SortedSet<string> Tenants { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public SortedSet<string> Metered { get; set; } = new(StringComparer.Ordinal);
}
