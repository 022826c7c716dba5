using System.Collections.Concurrent;
using AIaaS.Cluster;
using AIaaS.Models;

namespace AIaaS.Grains.Placement;

/// <summary>The replicas holding a session on this silo; replica grains add and remove themselves.</summary>
internal sealed class LocalReplicaInventory
{
    private readonly ConcurrentDictionary<string, HostedReplica> _replicas = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changed = new(0, 1);

    public IReadOnlyList<HostedReplica> Snapshot() => _replicas.Values.ToList();

    public void Add(HostedReplica replica)
    {
        _replicas[ReplicaKey.Format(replica.Model, replica.Version, replica.Index)] = replica;
        Signal();
    }

    public void Remove(HostedReplica replica)
    {
        if (_replicas.TryRemove(ReplicaKey.Format(replica.Model, replica.Version, replica.Index), out _))
        {
            Signal();
        }
    }

    /// <summary>Completes when the inventory changes or <paramref name="timeout"/> passes.</summary>
    public Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _changed.WaitAsync(timeout, cancellationToken);

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A change is already signalled; the next report carries both.
        }
    }
}
