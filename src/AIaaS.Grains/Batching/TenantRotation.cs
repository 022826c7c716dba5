namespace AIaaS.Grains.Batching;

/// <summary>
/// Requests queued per tenant and taken one per tenant in turn, arrival order within a tenant:
/// the fair queue of <see cref="SingleRequestScheduler"/>, where one tenant's flood would
/// otherwise stand in front of every other tenant's request. Not thread-safe.
/// </summary>
internal sealed class TenantRotation<T>
{
    // Kept when a tenant runs dry, so a caller at concurrency 1 does not allocate a queue per request.
    private readonly Dictionary<string, Queue<T>> _byTenant = new(StringComparer.Ordinal);
    // Tenants with requests waiting, in turn order; _cursor is the next served.
    private readonly List<Queue<T>> _turns = [];
    private int _cursor;

    /// <summary>Requests waiting.</summary>
    public int Count { get; private set; }

    public void Enqueue(string tenant, T item)
    {
        if (!_byTenant.TryGetValue(tenant, out var queue))
        {
            queue = new Queue<T>();
            _byTenant.Add(tenant, queue);
        }

        if (queue.Count == 0)
        {
            // A tenant joins just before the cursor: served after every tenant already waiting.
            _turns.Insert(_cursor, queue);
            _cursor = _turns.Count == 1 ? 0 : _cursor + 1;
        }

        queue.Enqueue(item);
        Count++;
    }

    /// <summary>The oldest request of the tenant whose turn it is; false when none waits.</summary>
    public bool TryDequeue(out T item)
    {
        if (Count == 0)
        {
            item = default!;
            return false;
        }

        var queue = _turns[_cursor];
        item = queue.Dequeue();
        Count--;
        if (queue.Count == 0)
        {
            _turns.RemoveAt(_cursor);
            if (_cursor >= _turns.Count)
            {
                _cursor = 0;
            }
        }
        else
        {
            _cursor = (_cursor + 1) % _turns.Count;
        }

        return true;
    }
}
