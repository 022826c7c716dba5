using AIaaS.Cluster;
using AIaaS.Models;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Placement;

/// <summary>
/// The cluster's one placement decider and replica view. Placements are recorded at once
/// (so concurrent ones spread) and expire unless the chosen silo reports the replica within
/// <see cref="PlacedGrace"/>; a silo's report replaces what was known of it; silos that left
/// the membership drop out. When a worker joins, one replica of each model version that shares
/// a silo with a sibling moves to it (best effort: placement decides where it goes).
/// </summary>
internal sealed partial class ReplicaInventoryGrain(
    IClusterMembershipService membership,
    SiloProfileLookup profiles,
    TimeProvider time,
    ILogger<ReplicaInventoryGrain> logger) : Grain, IReplicaInventoryGrain
{
    private static readonly TimeSpan PlacedGrace = TimeSpan.FromMinutes(1);

    private readonly Dictionary<SiloAddress, Dictionary<string, HostedReplica>> _reported = [];
    private readonly Dictionary<string, (SiloAddress Silo, HostedReplica Replica, DateTimeOffset At)> _placed = new(StringComparer.Ordinal);
    private readonly Dictionary<SiloAddress, int> _reports = [];

    public Task<SiloAddress> Place(HostedReplica replica, IReadOnlyList<PlacementCandidate> candidates)
    {
        Prune();
        var key = Key(replica);
        var silo = ReplicaPlacementRules.Choose(replica, candidates, Hosted());
        _placed[key] = (silo, replica, time.GetUtcNow());
        LogPlaced(logger, key, silo);
        return Task.FromResult(silo);
    }

    public Task Report(SiloAddress silo, IReadOnlyList<HostedReplica> replicas)
    {
        var reports = _reports[silo] = _reports.GetValueOrDefault(silo) + 1;
        if (reports == RebalanceAtReport)
        {
            Rebalance(silo);
        }

        var current = replicas.ToDictionary(Key, StringComparer.Ordinal);
        _reported[silo] = current;
        foreach (var key in current.Keys)
        {
            // A replica lives once: reported here, it is no longer placed or reported anywhere else.
            _placed.Remove(key);
            foreach (var (other, hosted) in _reported)
            {
                if (other != silo)
                {
                    hosted.Remove(key);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloReplicas>> GetInventory()
    {
        Prune();
        IReadOnlyList<SiloReplicas> inventory = Hosted()
            .Select(pair => new SiloReplicas(pair.Key, pair.Value))
            .ToList();
        return Task.FromResult(inventory);
    }

    /// <summary>
    /// A silo's second report comes a report period after it joined, by when every silo has
    /// had time to learn its metadata (placement on another silo must see it as a candidate).
    /// </summary>
    private const int RebalanceAtReport = 2;

    private void Rebalance(SiloAddress joined)
    {
        Prune();
        var profile = profiles.Get(joined);
        if (!profile.HostsReplicas)
        {
            return;
        }

        var hosted = Hosted();
        var candidates = hosted.Keys.Append(joined).Distinct()
            .Select(silo => new PlacementCandidate(silo, profiles.Get(silo)))
            .ToList();
        var crowded = hosted
            .SelectMany(pair => pair.Value.Select(replica => (Silo: pair.Key, Replica: replica)))
            .GroupBy(x => (x.Silo, x.Replica.Model, x.Replica.Version))
            .Where(group => group.Count() > 1)
            .Select(group => group.MaxBy(x => x.Replica.Index).Replica)
            .Where(replica => !hosted.GetValueOrDefault(joined, []).Any(r => r.Model == replica.Model && r.Version == replica.Version)
                && ReplicaPlacementRules.Eligible(replica.Accelerator, candidates).Any(c => c.Silo == joined)
                && replica.GpuMemoryMb <= (profile.Accelerator == SiloAccelerators.Cuda ? profile.GpuMemoryMb : int.MaxValue))
            .GroupBy(replica => (replica.Model, replica.Version))
            .Select(group => group.First())
            .ToList();
        foreach (var replica in crowded)
        {
            var key = Key(replica);
            LogMoving(logger, key, joined);
            GrainFactory.GetGrain<IModelReplicaGrain>(key).Move().Ignore();
        }
    }

    private Dictionary<SiloAddress, IReadOnlyList<HostedReplica>> Hosted()
    {
        var hosted = _reported.ToDictionary(pair => pair.Key, pair => pair.Value.Values.ToList());
        foreach (var (silo, replica, _) in _placed.Values)
        {
            if (!hosted.TryGetValue(silo, out var list))
            {
                hosted[silo] = list = [];
            }

            if (!list.Any(r => Key(r) == Key(replica)))
            {
                list.Add(replica);
            }
        }

        return hosted.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<HostedReplica>)pair.Value);
    }

    private void Prune()
    {
        var members = membership.CurrentSnapshot.Members;
        bool Gone(SiloAddress silo) => !members.TryGetValue(silo, out var member) || member.Status.IsTerminating();

        foreach (var silo in _reported.Keys.Where(Gone).ToList())
        {
            _reported.Remove(silo);
            _reports.Remove(silo);
        }

        var now = time.GetUtcNow();
        foreach (var (key, placed) in _placed.Where(p => Gone(p.Value.Silo) || now - p.Value.At > PlacedGrace).ToList())
        {
            _placed.Remove(key);
        }
    }

    private static string Key(HostedReplica replica) => ReplicaKey.Format(replica.Model, replica.Version, replica.Index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moving replica {Replica}, which shares its silo with a sibling, now that {Silo} joined")]
    private static partial void LogMoving(ILogger logger, string replica, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Placed replica {Replica} on {Silo}")]
    private static partial void LogPlaced(ILogger logger, string replica, SiloAddress silo);
}
