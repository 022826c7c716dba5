using AIaaS.Cluster;
using Orleans.Concurrency;

namespace AIaaS.Models;

/// <summary>
/// Where the cluster's replicas are (key: 0, one per cluster). Placement decides here, one
/// decision at a time, so replicas placed together still spread; silos report what they host,
/// which rebuilds the view if this grain restarts elsewhere. Soft state: nothing is persisted.
/// </summary>
[Alias("aiaas.IReplicaInventoryGrain")]
internal interface IReplicaInventoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Chooses the silo for <paramref name="replica"/> among <paramref name="candidates"/>
    /// (already eligible by role and accelerator) and records the choice.
    /// </summary>
    /// <exception cref="Errors.InferenceException">Unavailable: no candidate has the GPU memory the replica needs.</exception>
    [Alias("place")]
    Task<SiloAddress> Place(HostedReplica replica, IReadOnlyList<PlacementCandidate> candidates);

    /// <summary>Everything <paramref name="silo"/> hosts now; replaces what was known of it.</summary>
    [Alias("report")]
    Task Report(SiloAddress silo, IReadOnlyList<HostedReplica> replicas);

    /// <summary>Every active silo's replicas, placed or reported.</summary>
    [AlwaysInterleave, Alias("get-inventory")]
    Task<IReadOnlyList<SiloReplicas>> GetInventory();
}
