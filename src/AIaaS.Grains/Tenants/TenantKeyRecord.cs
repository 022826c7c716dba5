namespace AIaaS.Grains.Tenants;

/// <summary>A key as the tenant grain stores it: the SHA-256 of the key, never the key.</summary>
[GenerateSerializer, Alias("aiaas.tenant-key-record")]
internal sealed class TenantKeyRecord
{
    [Id(0)] public string Id { get; set; } = "";

    [Id(1)] public string Prefix { get; set; } = "";

    [Id(2)] public string Sha256 { get; set; } = "";

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    [Id(4)] public DateTimeOffset? RevokedAt { get; set; }
}
