namespace AIaaS.Grains.Batching;

/// <summary>
/// Each tenant's requests in a scheduler (queued or running) and when it last sent one: what tells
/// a light tenant (fewer requests than one batch holds) from a heavy one, for the executor a
/// <see cref="DynamicBatchScheduler"/> keeps for light tenants. Not thread-safe: the scheduler
/// calls it under its lock. Times are <see cref="TimeProvider.GetTimestamp"/> values.
/// </summary>
/// <remarks>
/// A tenant counts as present for <paramref name="recent"/> after its last request arrived even
/// with nothing in the scheduler: a caller at concurrency 1 has no request here between its
/// answer and its next call, and it is exactly the caller whose next request must not find every
/// executor taken by another tenant's batches.
/// </remarks>
/// <param name="heavy">Requests in the scheduler from which a tenant is heavy: one batch's worth (<c>max_batch_size</c>).</param>
/// <param name="recent">How long a tenant stays present after its last request, in timestamp ticks.</param>
internal sealed class TenantLoad(int heavy, long recent)
{
    private readonly Dictionary<string, Entry> _tenants = new(StringComparer.Ordinal);

    /// <summary>A request of <paramref name="tenant"/> entered the scheduler.</summary>
    public void Arrived(string tenant, long now)
    {
        if (!_tenants.TryGetValue(tenant, out var entry))
        {
            entry = new Entry();
            _tenants.Add(tenant, entry);
        }

        entry.Requests++;
        entry.LastArrival = now;
    }

    /// <summary>A request of <paramref name="tenant"/> left the scheduler: answered, failed or expired.</summary>
    public void Left(string tenant)
    {
        if (_tenants.TryGetValue(tenant, out var entry))
        {
            entry.Requests--;
        }
    }

    /// <summary>Requests of <paramref name="tenant"/> queued or running.</summary>
    public int Requests(string tenant) => _tenants.TryGetValue(tenant, out var entry) ? entry.Requests : 0;

    /// <summary>Whether <paramref name="tenant"/> has fewer requests in the scheduler than one batch holds.</summary>
    public bool IsLight(string tenant) => Requests(tenant) < heavy;

    /// <summary>
    /// Whether a heavy tenant and a present light one share the scheduler. Forgets tenants absent
    /// for longer than the window.
    /// </summary>
    public bool Mixed(long now)
    {
        var anyLight = false;
        var anyHeavy = false;
        foreach (var (tenant, entry) in _tenants)
        {
            if (entry.Requests >= heavy)
            {
                anyHeavy = true;
            }
            else if (now - entry.LastArrival <= recent)
            {
                anyLight = true;
            }
            else if (entry.Requests == 0)
            {
                // Removing the current entry while enumerating is allowed since .NET Core 3.0.
                _tenants.Remove(tenant);
            }
        }

        return anyLight && anyHeavy;
    }

    private sealed class Entry
    {
        public int Requests;
        public long LastArrival;
    }
}
