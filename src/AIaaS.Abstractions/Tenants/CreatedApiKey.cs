namespace AIaaS.Tenants;

/// <summary>A key just created: the only time the key itself leaves the cluster.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.created-api-key")]
public sealed record CreatedApiKey([property: Id(0)] string Id, [property: Id(1)] string Key);
