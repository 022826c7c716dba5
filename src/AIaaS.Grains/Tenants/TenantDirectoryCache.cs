using System.Collections.Concurrent;
using AIaaS.Tenants;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Keys and tenants as a silo sees them, cached so that a request costs no grain call: an entry
/// is fresh for <see cref="TenantAuthOptions.CacheFor"/>; for as long again it is still used while
/// a background call refreshes it; older, the request waits for the refresh. A revoked key or a
/// deleted tenant therefore stops working on every silo within twice the cache period (4 s).
/// </summary>
public sealed partial class TenantDirectoryCache(IGrainFactory grains, TenantAuthOptions options, TimeProvider time, ILogger<TenantDirectoryCache> logger)
{
    private static readonly ApiKeyIdentity BootstrapAdmin = new(TenantIds.Admin, "bootstrap");
    private static readonly TenantPolicy AdminPolicy = new(TenantIds.Admin, new TenantDefinition { Name = "Admin (bootstrap key)", Models = ["*"], Admin = true }, 0);

    private const int MaxCachedMisses = 10_000;

    private readonly ConcurrentDictionary<string, Entry<ApiKeyIdentity>> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<TenantPolicy>> _tenants = new(StringComparer.Ordinal);

    public TenantAuthOptions Options => options;

    /// <summary>The tenant of <paramref name="key"/>, or null for an unknown, revoked or malformed key.</summary>
    public ValueTask<ApiKeyIdentity?> ResolveKeyAsync(string key)
    {
        if (key.Length is 0 or > ApiKeys.MaxLength)
        {
            return ValueTask.FromResult<ApiKeyIdentity?>(null);
        }

        var hash = ApiKeys.Hash(key);
        if (options.AdminKeySha256 is { } admin && ApiKeys.HashesEqual(hash, admin))
        {
            return ValueTask.FromResult<ApiKeyIdentity?>(BootstrapAdmin);
        }

        return GetAsync(_keys, hash, h => grains.GetGrain<IApiKeyGrain>(h).Resolve());
    }

    /// <summary>The policy of <paramref name="tenant"/>, or null when it does not exist (or was deleted).</summary>
    public ValueTask<TenantPolicy?> GetTenantAsync(string tenant)
    {
        if (tenant == TenantIds.Admin && options.AdminKeySha256 is not null)
        {
            return ValueTask.FromResult<TenantPolicy?>(AdminPolicy);
        }

        return GetAsync(_tenants, tenant, LoadTenantAsync);
    }

    /// <summary>The tenant behind a key, or null: what both the HTTP front and the SDK's calls resolve.</summary>
    public async ValueTask<TenantPolicy?> AuthenticateAsync(string key) =>
        await ResolveKeyAsync(key).ConfigureAwait(false) is { } identity ? await GetTenantAsync(identity.Tenant).ConfigureAwait(false) : null;

    /// <summary>The policy of a keyless caller: the <c>default</c> tenant, as an admin configured it or with every model and no quota.</summary>
    public async ValueTask<TenantPolicy> AnonymousAsync()
    {
        var stored = await GetTenantAsync(TenantIds.Default).ConfigureAwait(false);
        var definition = stored?.Definition ?? new TenantDefinition { Name = "Anonymous callers", Models = ["*"] };
        return new TenantPolicy(TenantIds.Default, definition with { Admin = definition.Admin || options.AnonymousIsAdmin }, stored?.Revision ?? 0);
    }

    /// <summary>Drops a tenant's cached policy, so the next request reads it anew (after an admin changed it on this silo).</summary>
    public void Invalidate(string tenant) => _tenants.TryRemove(tenant, out _);

    private async Task<TenantPolicy?> LoadTenantAsync(string tenant) =>
        await grains.GetGrain<ITenantGrain>(tenant).Get().ConfigureAwait(false) is { } info ? new TenantPolicy(info.Id, info.Definition, info.Revision) : null;

    private ValueTask<T?> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> cache, string key, Func<string, Task<T?>> load)
        where T : class
    {
        var now = time.GetTimestamp();
        if (cache.TryGetValue(key, out var entry))
        {
            var age = time.GetElapsedTime(entry.At, now);
            if (age < options.CacheFor)
            {
                return ValueTask.FromResult(entry.Value);
            }

            if (age < options.CacheFor * 2)
            {
                if (Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
                {
                    _ = RefreshAsync(cache, key, load, entry);
                }

                return ValueTask.FromResult(entry.Value);
            }
        }

        return new ValueTask<T?>(LoadAsync(cache, key, load));
    }

    private async Task<T?> LoadAsync<T>(ConcurrentDictionary<string, Entry<T>> cache, string key, Func<string, Task<T?>> load)
        where T : class
    {
        var value = await load(key).ConfigureAwait(false);
        // Unknown keys are remembered too (a client retrying a wrong key costs no grain call), but
        // only so many: random keys must not grow the cache without bound.
        if (value is not null || cache.Count < MaxCachedMisses)
        {
            cache[key] = new Entry<T>(value, time.GetTimestamp());
        }

        return value;
    }

    private async Task RefreshAsync<T>(ConcurrentDictionary<string, Entry<T>> cache, string key, Func<string, Task<T?>> load, Entry<T> stale)
        where T : class
    {
        try
        {
            await LoadAsync(cache, key, load).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The entry ages out and the next request waits for its own load, which reports the failure.
            Volatile.Write(ref stale.Refreshing, 0);
            LogRefreshFailed(logger, ex);
        }
    }

    private sealed class Entry<T>(T? value, long at)
    {
        public T? Value { get; } = value;

        public long At { get; } = at;

        public int Refreshing;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing a cached key or tenant failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
