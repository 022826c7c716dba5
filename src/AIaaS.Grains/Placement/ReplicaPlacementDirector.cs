using AIaaS.Cluster;
using AIaaS.Errors;
using AIaaS.Models;
using Orleans.Runtime.Placement;

namespace AIaaS.Grains.Placement;

/// <summary>
/// Runs on whichever silo activates a replica. Reads what the replica needs from its model
/// grain, the candidates (compatible silos the role filter kept) with their declared
/// profiles, and lets the cluster's <see cref="IReplicaInventoryGrain"/> choose, so that
/// placements decided on different silos at once still spread.
/// </summary>
internal sealed class ReplicaPlacementDirector(IGrainFactory grains, SiloProfileLookup profiles) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var (model, version, index) = ReplicaKey.Parse(target.GrainIdentity.Key.ToString());
        var info = await grains.GetGrain<IModelGrain>(model).GetVersion(version).ConfigureAwait(false)
            ?? throw InferenceException.NotFound($"model '{model}' has no version {version}");
        var replica = new HostedReplica(model, version, index, info.Config.Accelerator, info.Config.GpuMemoryMb);
        var candidates = CompatibleSilos(target, context)
            .Select(silo => new PlacementCandidate(silo, profiles.Get(silo)))
            .ToArray();
        return await grains.GetGrain<IReplicaInventoryGrain>(0).Place(replica, candidates).ConfigureAwait(false);
    }

    private static SiloAddress[] CompatibleSilos(PlacementTarget target, IPlacementContext context)
    {
        try
        {
            return context.GetCompatibleSilos(target);
        }
        catch (OrleansException)
        {
            // Orleans throws when the filters leave nothing; the inventory names what is missing instead.
            return [];
        }
    }
}
