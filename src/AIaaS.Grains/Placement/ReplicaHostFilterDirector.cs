using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace AIaaS.Grains.Placement;

/// <summary>
/// Passes only silos that declared a role hosting replicas. It reads each candidate's own
/// metadata, never the calling silo's (the built-in metadata filters compare with the caller,
/// which from a front silo would exclude every worker).
/// </summary>
internal sealed class ReplicaHostFilterDirector(SiloProfileLookup profiles) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos) =>
        silos.Where(silo => profiles.Get(silo).HostsReplicas);
}
