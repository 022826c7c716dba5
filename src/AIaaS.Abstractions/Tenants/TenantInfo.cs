namespace AIaaS.Tenants;

/// <summary>A tenant as stored: its id, definition and keys (never the keys themselves).</summary>
[GenerateSerializer, Immutable, Alias("aiaas.tenant-info")]
public sealed record TenantInfo
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required TenantDefinition Definition { get; init; }

    [Id(2)] public DateTimeOffset CreatedAt { get; init; }

    [Id(3)] public IReadOnlyList<ApiKeyInfo> Keys { get; init; } = [];

    /// <summary>Changes with every update, so caches can tell a fresh copy.</summary>
    [Id(4)] public long Revision { get; init; }
}
