using AIaaS.Cluster;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace AIaaS.Grains.Placement;

/// <summary>
/// A silo's declared profile: this silo's own from configuration, any other's from the Orleans
/// metadata cache (eventually consistent: a silo not heard of yet is <see cref="SiloProfile.Unknown"/>).
/// </summary>
/// <remarks>The cache fills from membership updates, even for the local silo, so a single silo would otherwise not know itself for its first moments.</remarks>
internal sealed class SiloProfileLookup(ILocalSiloDetails local, SiloProfile localProfile, ISiloMetadataCache metadata)
{
    public SiloProfile Get(SiloAddress silo) =>
        silo.Equals(local.SiloAddress) ? localProfile : SiloProfile.FromMetadata(metadata.GetSiloMetadata(silo).Metadata);
}
