using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Values loaded by key (from grains) and kept so that a request costs no call: an entry is
/// fresh for <c>freshFor</c>; for as long again it is still used while one background call
/// refreshes it; older, the request waits for its own load. When a load fails (the grain's silo
/// just died and the grain has not yet moved), the last value loaded is used for up to
/// <c>staleIfErrorFor</c> more, one background call at a time retrying, so a silo crash does not
/// fail every request that needs the value; past that, the failure is the caller's.
/// </summary>
internal sealed partial class RefreshingCache<T>(
    Func<string, Task<T?>> load,
    TimeSpan freshFor,
    TimeSpan staleIfErrorFor,
    int maxCachedMisses,
    TimeProvider time,
    ILogger logger)
    where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ValueTask<T?> GetAsync(string key)
    {
        var now = time.GetTimestamp();
        if (_entries.TryGetValue(key, out var entry))
        {
            var age = time.GetElapsedTime(entry.CheckedAt, now);
            if (age < freshFor)
            {
                return ValueTask.FromResult(entry.Value);
            }

            if (age < freshFor * 2)
            {
                if (Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
                {
                    _ = RefreshAsync(key, entry);
                }

                return ValueTask.FromResult(entry.Value);
            }
        }

        return new ValueTask<T?>(LoadAsync(key, entry));
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    private async Task<T?> LoadAsync(string key, Entry? last)
    {
        try
        {
            var value = await load(key).ConfigureAwait(false);
            // Unknown keys are remembered too (a client retrying a wrong key costs no grain call),
            // but only so many: random keys must not grow the cache without bound.
            if (value is not null || _entries.Count < maxCachedMisses)
            {
                var now = time.GetTimestamp();
                _entries[key] = new Entry(value, now, now);
            }

            return value;
        }
        catch (Exception ex) when (last is not null && time.GetElapsedTime(last.LoadedAt) < freshFor * 2 + staleIfErrorFor)
        {
            // Checked "now less freshFor": the next request uses it and starts one background retry.
            LogServedStale(logger, ex);
            _entries.TryUpdate(key, new Entry(last.Value, last.LoadedAt, time.GetTimestamp() - (long)(freshFor.TotalSeconds * time.TimestampFrequency)), last);
            return last.Value;
        }
    }

    private async Task RefreshAsync(string key, Entry stale)
    {
        try
        {
            await LoadAsync(key, stale).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Too old to serve: the entry ages out and the next request's own load reports the failure.
            Volatile.Write(ref stale.Refreshing, 0);
            LogRefreshFailed(logger, ex);
        }
    }

    private sealed class Entry(T? value, long loadedAt, long checkedAt)
    {
        public T? Value { get; } = value;

        /// <summary>When the value was last loaded: what bounds serving it after failures.</summary>
        public long LoadedAt { get; } = loadedAt;

        /// <summary>What freshness is measured from: the load, or the last failed load that kept the value.</summary>
        public long CheckedAt { get; } = checkedAt;

        public int Refreshing;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading a key or tenant failed; the last value loaded is used meanwhile")]
    private static partial void LogServedStale(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing a cached key or tenant failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
