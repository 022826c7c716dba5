using AIaaS.Cluster;
using AIaaS.Errors;
using AIaaS.Models;

namespace AIaaS.Grains.Placement;

/// <summary>
/// Where a replica may go and where it should: eligibility by the model's accelerator, the
/// GPU memory budget, then spread (fewest siblings of the same version, then of the model,
/// then fewest replicas). Pure, so every rule has a unit test.
/// </summary>
internal static class ReplicaPlacementRules
{
    /// <summary>The silos whose accelerator suits <paramref name="accelerator"/> (a model's <c>gpu</c>, <c>cpu</c> or <c>auto</c>).</summary>
    public static IReadOnlyList<PlacementCandidate> Eligible(string accelerator, IReadOnlyList<PlacementCandidate> candidates)
    {
        var hosts = candidates.Where(c => c.Profile.HostsReplicas).ToList();
        return accelerator switch
        {
            ModelAccelerators.Gpu => hosts.Where(c => c.Profile.Accelerator == SiloAccelerators.Cuda).ToList(),
            ModelAccelerators.Cpu => hosts.Where(c => c.Profile.Accelerator == SiloAccelerators.Cpu).ToList(),
            _ => hosts.Any(c => c.Profile.Accelerator == SiloAccelerators.Cuda)
                ? hosts.Where(c => c.Profile.Accelerator == SiloAccelerators.Cuda).ToList()
                : hosts,
        };
    }

    /// <summary>Chooses a silo for <paramref name="replica"/>, given what each silo hosts (the replica itself excluded).</summary>
    /// <exception cref="InferenceException">Unavailable, naming the accelerator or the memory that is missing for the model.</exception>
    public static SiloAddress Choose(HostedReplica replica, IReadOnlyList<PlacementCandidate> candidates, IReadOnlyDictionary<SiloAddress, IReadOnlyList<HostedReplica>> hosted)
    {
        var eligible = Eligible(replica.Accelerator, candidates);
        if (eligible.Count == 0)
        {
            throw InferenceException.Unavailable(MissingAcceleratorMessage(replica));
        }

        var fitting = eligible.Where(c => FreeGpuMemoryMb(c, hosted, replica) >= NeededGpuMemoryMb(c, replica)).ToList();
        if (fitting.Count == 0)
        {
            var most = eligible.Max(c => FreeGpuMemoryMb(c, hosted, replica));
            throw InferenceException.Unavailable(
                $"no worker silo has {replica.GpuMemoryMb} MiB of GPU memory free for model '{replica.Model}' (the most free on an eligible silo is {most} MiB)");
        }

        return fitting
            .Select(c => (c.Silo, Load: Others(c.Silo, hosted, replica).ToList()))
            .OrderBy(s => s.Load.Count(r => r.Model == replica.Model && r.Version == replica.Version))
            .ThenBy(s => s.Load.Count(r => r.Model == replica.Model))
            .ThenBy(s => s.Load.Count)
            .ThenBy(s => s.Silo.ToString(), StringComparer.Ordinal)
            .First().Silo;
    }

    /// <summary>The clear 503 for a model whose accelerator no worker in the cluster has.</summary>
    public static string MissingAcceleratorMessage(HostedReplica replica) => replica.Accelerator switch
    {
        ModelAccelerators.Gpu => $"no worker silo with a {SiloAccelerators.Cuda} accelerator is in the cluster for model '{replica.Model}'",
        ModelAccelerators.Cpu => $"no worker silo with a {SiloAccelerators.Cpu} accelerator is in the cluster for model '{replica.Model}'",
        _ => $"no worker silo is in the cluster for model '{replica.Model}'",
    };

    private static int NeededGpuMemoryMb(PlacementCandidate candidate, HostedReplica replica) =>
        candidate.Profile.Accelerator == SiloAccelerators.Cuda ? replica.GpuMemoryMb : 0;

    private static int FreeGpuMemoryMb(PlacementCandidate candidate, IReadOnlyDictionary<SiloAddress, IReadOnlyList<HostedReplica>> hosted, HostedReplica replica) =>
        candidate.Profile.Accelerator == SiloAccelerators.Cuda
            ? candidate.Profile.GpuMemoryMb - Others(candidate.Silo, hosted, replica).Sum(r => r.GpuMemoryMb)
            : int.MaxValue;

    private static IEnumerable<HostedReplica> Others(SiloAddress silo, IReadOnlyDictionary<SiloAddress, IReadOnlyList<HostedReplica>> hosted, HostedReplica replica) =>
        hosted.TryGetValue(silo, out var replicas)
            ? replicas.Where(r => !(r.Model == replica.Model && r.Version == replica.Version && r.Index == replica.Index))
            : [];
}
