using AIaaS.Tenants;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Keys and tenants as a silo sees them, cached so that a request costs no grain call (see
/// <see cref="RefreshingCache{T}"/>): a revoked key or a deleted tenant stops working on every
/// silo within twice <see cref="TenantAuthOptions.CacheFor"/> (4 s); while a key's or tenant's
/// grain cannot be reached, its last answer holds for <see cref="TenantAuthOptions.StaleIfErrorFor"/> more.
/// </summary>
internal sealed class TenantDirectoryCache
{
    private static readonly ApiKeyIdentity BootstrapAdmin = new(TenantIds.Admin, "bootstrap");
    private static readonly TenantPolicy AdminPolicy = new(TenantIds.Admin, new TenantDefinition { Name = "Admin (bootstrap key)", Models = ["*"], Admin = true }, 0);

    private const int MaxCachedMisses = 10_000;

    private readonly TenantAuthOptions _options;
    private readonly RefreshingCache<ApiKeyIdentity> _keys;
    private readonly RefreshingCache<TenantPolicy> _tenants;

    public TenantDirectoryCache(IGrainFactory grains, TenantAuthOptions options, TimeProvider time, ILogger<TenantDirectoryCache> logger)
    {
        _options = options;
        _keys = new(hash => grains.GetGrain<IApiKeyGrain>(hash).Resolve(), options.CacheFor, options.StaleIfErrorFor, MaxCachedMisses, time, logger);
        _tenants = new(async tenant => await grains.GetGrain<ITenantGrain>(tenant).Get().ConfigureAwait(false) is { } info ? new TenantPolicy(info.Id, info.Definition, info.Revision) : null,
            options.CacheFor, options.StaleIfErrorFor, MaxCachedMisses, time, logger);
    }

    public TenantAuthOptions Options => _options;

    /// <summary>The tenant of <paramref name="key"/>, or null for an unknown, revoked or malformed key.</summary>
    public ValueTask<ApiKeyIdentity?> ResolveKeyAsync(string key)
    {
        if (key.Length is 0 or > ApiKeys.MaxLength)
        {
            return ValueTask.FromResult<ApiKeyIdentity?>(null);
        }

        var hash = ApiKeys.Hash(key);
        if (_options.AdminKeySha256 is { } admin && ApiKeys.HashesEqual(hash, admin))
        {
            return ValueTask.FromResult<ApiKeyIdentity?>(BootstrapAdmin);
        }

        return _keys.GetAsync(hash);
    }

    /// <summary>The policy of <paramref name="tenant"/>, or null when it does not exist (or was deleted).</summary>
    public ValueTask<TenantPolicy?> GetTenantAsync(string tenant)
    {
        if (tenant == TenantIds.Admin && _options.AdminKeySha256 is not null)
        {
            return ValueTask.FromResult<TenantPolicy?>(AdminPolicy);
        }

        return _tenants.GetAsync(tenant);
    }

    /// <summary>The tenant behind a key, or null: what both the HTTP front and the SDK's calls resolve.</summary>
    public async ValueTask<TenantPolicy?> AuthenticateAsync(string key) =>
        await ResolveKeyAsync(key).ConfigureAwait(false) is { } identity ? await GetTenantAsync(identity.Tenant).ConfigureAwait(false) : null;

    /// <summary>The policy of a keyless caller: the <c>default</c> tenant, as an admin configured it or with every model and no quota.</summary>
    public async ValueTask<TenantPolicy> AnonymousAsync()
    {
        var stored = await GetTenantAsync(TenantIds.Default).ConfigureAwait(false);
        var definition = stored?.Definition ?? new TenantDefinition { Name = "Anonymous callers", Models = ["*"] };
        return new TenantPolicy(TenantIds.Default, definition with { Admin = definition.Admin || _options.AnonymousIsAdmin }, stored?.Revision ?? 0);
    }

    /// <summary>Drops a tenant's cached policy, so the next request reads it anew (after an admin changed it on this silo).</summary>
    public void Invalidate(string tenant) => _tenants.Remove(tenant);
}
