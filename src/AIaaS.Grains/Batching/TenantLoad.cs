namespace AIaaS.Grains.Batching;

/// <summary>
/// Each tenant's requests in a scheduler (queued or running) and whether a light tenant (fewer
/// requests than one batch holds) shares it with a heavy one, for the executor a
/// <see cref="DynamicBatchScheduler"/> keeps for light tenants. Not thread-safe: the scheduler
/// calls it under its lock. Times are <see cref="TimeProvider.GetTimestamp"/> values.
/// </summary>
/// <remarks>
/// A light tenant counts as present for <paramref name="recent"/> after its last request arrived,
/// even with nothing in the scheduler: a caller at concurrency 1 has no request here between its
/// answer and its next call, and it is exactly the caller whose next request must not find every
/// executor taken by another tenant's batches. <see cref="Mixed"/> is asked on every queue event,
/// so it is kept in O(1) (a count of heavy tenants, the last light arrival) rather than found by
/// walking every tenant.
/// </remarks>
/// <param name="heavy">Requests in the scheduler from which a tenant is heavy: one batch's worth (<c>max_batch_size</c>).</param>
/// <param name="recent">How long a light tenant stays present after its last request, in timestamp ticks.</param>
internal sealed class TenantLoad(int heavy, long recent)
{
    // An entry per tenant seen: a service's tenants are a bounded set, and a caller at
    // concurrency 1 then allocates nothing per request.
    private readonly Dictionary<string, Entry> _tenants = new(StringComparer.Ordinal);
    private int _heavyTenants;
    private Entry? _lastLight;
    private long _lastLightAt;

    /// <summary>A request of <paramref name="tenant"/> entered the scheduler.</summary>
    public void Arrived(string tenant, long now)
    {
        if (!_tenants.TryGetValue(tenant, out var entry))
        {
            entry = new Entry();
            _tenants.Add(tenant, entry);
        }

        entry.Requests++;
        if (entry.Requests == heavy)
        {
            _heavyTenants++;
        }
        else if (entry.Requests < heavy)
        {
            _lastLight = entry;
            _lastLightAt = now;
        }
    }

    /// <summary>A request of <paramref name="tenant"/> left the scheduler: answered, failed or expired.</summary>
    public void Left(string tenant)
    {
        if (_tenants.TryGetValue(tenant, out var entry))
        {
            if (entry.Requests == heavy)
            {
                _heavyTenants--;
            }

            entry.Requests--;
        }
    }

    /// <summary>Requests of <paramref name="tenant"/> queued or running.</summary>
    public int Requests(string tenant) => _tenants.TryGetValue(tenant, out var entry) ? entry.Requests : 0;

    /// <summary>Whether <paramref name="tenant"/> has fewer requests in the scheduler than one batch holds.</summary>
    public bool IsLight(string tenant) => Requests(tenant) < heavy;

    /// <summary>
    /// Whether a heavy tenant shares the scheduler with a light one that sent a request within the
    /// window. The light one is the last to arrive light; a heavy tenant's own first requests
    /// (light until a batch's worth has come) do not count once it is heavy.
    /// </summary>
    public bool Mixed(long now) =>
        _heavyTenants > 0 && _lastLight is { } light && light.Requests < heavy && now - _lastLightAt <= recent;

    private sealed class Entry
    {
        public int Requests;
    }
}
