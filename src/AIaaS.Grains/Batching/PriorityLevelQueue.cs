namespace AIaaS.Grains.Batching;

/// <summary>
/// The requests of one priority level as one sub-queue per tenant, visited round-robin from
/// <see cref="Cursor"/> when a batch is filled, so one tenant's flood cannot starve another.
/// </summary>
internal sealed class PriorityLevelQueue
{
    private readonly Dictionary<string, TenantQueue> _byTenant = new(StringComparer.Ordinal);

    /// <summary>Tenants with queued requests, in round-robin order.</summary>
    public List<TenantQueue> Tenants { get; } = [];

    /// <summary>Index in <see cref="Tenants"/> of the tenant served first by the next batch.</summary>
    public int Cursor { get; private set; }

    /// <summary>Requests queued at this level.</summary>
    public int Count { get; private set; }

    /// <summary>The oldest request of the tenant whose turn it is: the one that decides the next batch's key.</summary>
    public BatchedRequest Head => Tenants[Cursor].Requests[0];

    public void Add(BatchedRequest request)
    {
        var tenant = request.Request.Tenant ?? "";
        if (!_byTenant.TryGetValue(tenant, out var queue))
        {
            queue = new TenantQueue(tenant);
            _byTenant.Add(tenant, queue);
            // A new tenant joins the rotation just before the cursor: it is served after every
            // tenant already waiting has had its turn.
            Tenants.Insert(Cursor, queue);
            Cursor = Tenants.Count == 1 ? 0 : Cursor + 1;
        }

        queue.Requests.Add(request);
        Count++;
    }

    /// <summary>Removes a request that left the queue without being taken (expired).</summary>
    public void Remove(BatchedRequest request)
    {
        var queue = _byTenant[request.Request.Tenant ?? ""];
        queue.Requests.Remove(request);
        Count--;
        if (queue.Requests.Count == 0)
        {
            RemoveTenantAt(Tenants.IndexOf(queue));
        }
    }

    /// <summary>Accounts for requests taken into a batch, drops them and empty tenants, and moves the cursor on when <paramref name="advance"/>.</summary>
    public void Compact(int taken, bool advance)
    {
        Count -= taken;
        if (Tenants.Count == 0)
        {
            return;
        }

        var next = Tenants[advance ? (Cursor + 1) % Tenants.Count : Cursor];
        for (var i = Tenants.Count - 1; i >= 0; i--)
        {
            var queue = Tenants[i];
            queue.Compact();
            if (queue.Requests.Count == 0)
            {
                RemoveTenantAt(i);
            }
        }

        var index = Tenants.IndexOf(next);
        if (index >= 0)
        {
            Cursor = index;
        }
    }

    /// <summary>Empties the level and returns what was queued.</summary>
    public void DrainTo(List<BatchedRequest> drained)
    {
        foreach (var queue in Tenants)
        {
            foreach (var request in queue.Requests)
            {
                if (request.State == BatchedRequestState.Queued)
                {
                    request.State = BatchedRequestState.Removed;
                    drained.Add(request);
                }
            }
        }

        Tenants.Clear();
        _byTenant.Clear();
        Cursor = 0;
        Count = 0;
    }

    private void RemoveTenantAt(int index)
    {
        _byTenant.Remove(Tenants[index].Tenant);
        Tenants.RemoveAt(index);
        if (index < Cursor)
        {
            Cursor--;
        }

        if (Cursor >= Tenants.Count)
        {
            Cursor = 0;
        }
    }
}
