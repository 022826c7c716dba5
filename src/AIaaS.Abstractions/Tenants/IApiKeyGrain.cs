namespace AIaaS.Tenants;

/// <summary>
/// One key (key: the lower-case hex SHA-256 of the key), so a front finds its tenant without
/// scanning. Written by the tenant grain only.
/// </summary>
[Alias("aiaas.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>The tenant and key id of a live key; null for an unknown or revoked one.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("resolve")]
    Task<ApiKeyIdentity?> Resolve();

    [Alias("bind")]
    Task Bind(ApiKeyIdentity identity);

    [Alias("revoke")]
    Task Revoke();
}
