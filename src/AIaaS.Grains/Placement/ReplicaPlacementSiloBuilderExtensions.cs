using AIaaS.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace AIaaS.Grains.Placement;

/// <summary>Declares a silo's profile and registers replica placement.</summary>
internal static class ReplicaPlacementSiloBuilderExtensions
{
    /// <summary>
    /// Publishes <paramref name="profile"/> as silo metadata and adds the replica placement
    /// filter and director. Every silo of the cluster needs this, front silos included: the
    /// silo that activates a replica is the one that places it.
    /// </summary>
    public static ISiloBuilder AddReplicaPlacement(this ISiloBuilder silo, SiloProfile profile)
    {
        silo.UseSiloMetadata(new Dictionary<string, string>(profile.ToMetadata()));
        silo.AddPlacementDirector<ReplicaPlacementStrategy, ReplicaPlacementDirector>();
        var services = silo.Services;
        services.AddPlacementFilter<ReplicaHostFilterStrategy, ReplicaHostFilterDirector>(ServiceLifetime.Singleton);
        services.TryAddSingleton<LocalReplicaInventory>();
        services.TryAddSingleton(sp => new SiloProfileLookup(sp.GetRequiredService<ILocalSiloDetails>(), profile, sp.GetRequiredService<ISiloMetadataCache>()));
        services.AddSingleton<ReplicaInventoryReporter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ReplicaInventoryReporter>());
        return silo;
    }
}
