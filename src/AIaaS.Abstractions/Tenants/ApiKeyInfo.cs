namespace AIaaS.Tenants;

/// <summary>One key of a tenant as listed: its id and dates, never the key or its hash.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.api-key-info")]
public sealed record ApiKeyInfo
{
    [Id(0)] public required string Id { get; init; }

    /// <summary>The first characters of the key (<c>aiaas_AbCd</c>), enough to tell keys apart.</summary>
    [Id(1)] public required string Prefix { get; init; }

    [Id(2)] public DateTimeOffset CreatedAt { get; init; }

    [Id(3)] public DateTimeOffset? RevokedAt { get; init; }
}
