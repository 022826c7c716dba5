namespace AIaaS.Tenants;

/// <summary>Whose a key is: what <see cref="IApiKeyGrain.Resolve"/> answers for a live key.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.api-key-identity")]
public sealed record ApiKeyIdentity([property: Id(0)] string Tenant, [property: Id(1)] string KeyId);
