using AIaaS.Cluster;
using AIaaS.Grains.Placement;
using AIaaS.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// The admin API: <c>GET /admin/cluster</c>, the cluster's silos, their declared profiles and
/// the replicas each hosts. Not behind authentication yet: admin auth comes with API keys.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(RouteGroupBuilder admin)
    {
        admin.MapGet("/cluster", ClusterAsync);
    }

    private static async Task<IResult> ClusterAsync(
        IGrainFactory grains,
        IClusterMembershipService membership,
        SiloProfileLookup profiles)
    {
        var inventory = await grains.GetGrain<IReplicaInventoryGrain>(0).GetInventory();
        return Results.Json(Describe(membership.CurrentSnapshot.Members.Values, profiles.Get, inventory));
    }

    /// <summary>
    /// The view: every member of the membership snapshot (Orleans keeps dead members for a while,
    /// up to <c>ClusterMembershipOptions.MaxDefunctSiloEntries</c>), with the inventory's
    /// replicas on each silo that is not dead. Silos the inventory knows and the membership does
    /// not are left out: the membership is what says a silo exists.
    /// </summary>
    internal static ClusterResponse Describe(
        IEnumerable<ClusterMember> members,
        Func<SiloAddress, SiloProfile> profileOf,
        IReadOnlyList<SiloReplicas> inventory)
    {
        var hosted = inventory.ToDictionary(s => s.Silo, s => s.Replicas);
        var silos = members
            .OrderBy(m => m.SiloAddress, SiloAddressOrder.Instance)
            .Select(member =>
            {
                var profile = profileOf(member.SiloAddress);
                var replicas = member.Status != SiloStatus.Dead && hosted.TryGetValue(member.SiloAddress, out var list) ? list : [];
                return new ClusterSiloResponse(
                    member.SiloAddress.ToParsableString(),
                    member.Name,
                    profile.Role,
                    profile.Accelerator,
                    profile.GpuCount,
                    profile.GpuMemoryMb,
                    StatusOf(member.Status),
                    replicas
                        .OrderBy(r => r.Model, StringComparer.Ordinal)
                        .ThenBy(r => r.Version)
                        .ThenBy(r => r.Index)
                        .Select(r => new ClusterReplicaResponse(r.Model, r.Version, r.Index))
                        .ToList());
            })
            .ToList();
        return new ClusterResponse(silos);
    }

    /// <summary>Orleans' statuses in the API's snake_case.</summary>
    internal static string StatusOf(SiloStatus status) => status switch
    {
        SiloStatus.Created => "created",
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        SiloStatus.Stopping => "stopping",
        SiloStatus.Dead => "dead",
        _ => "unknown",
    };

    /// <summary>
    /// By IP address (bytes), then port, then generation: a restarted silo sorts next to its
    /// previous self. <see cref="SiloAddress.CompareTo(SiloAddress)"/> compares generations first.
    /// </summary>
    private sealed class SiloAddressOrder : IComparer<SiloAddress>
    {
        public static SiloAddressOrder Instance { get; } = new();

        public int Compare(SiloAddress? x, SiloAddress? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var ipX = x.Endpoint.Address.GetAddressBytes();
            var ipY = y.Endpoint.Address.GetAddressBytes();
            var order = ipX.Length.CompareTo(ipY.Length);
            if (order == 0)
            {
                order = ipX.AsSpan().SequenceCompareTo(ipY);
            }

            if (order == 0)
            {
                order = x.Endpoint.Port.CompareTo(y.Endpoint.Port);
            }

            return order != 0 ? order : x.Generation.CompareTo(y.Generation);
        }
    }
}
