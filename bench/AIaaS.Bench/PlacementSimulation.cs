using System.Diagnostics;
using System.Globalization;
using System.Net;
using AIaaS.Cluster;
using AIaaS.Errors;
using AIaaS.Grains.Placement;
using AIaaS.Models;

namespace AIaaS.Bench;

/// <summary>
/// The real placement rules (<see cref="ReplicaPlacementRules"/>) over a simulated large cluster:
/// silos of mixed GPU sizes and CPU silos, and model versions of mixed accelerators, replica
/// counts and GPU memory needs, placed one decision at a time as the inventory grain places them.
/// Reports GPU memory use, spread and the time one decision takes. Seeded: a run is repeatable.
/// It measures the rules, not Orleans' messaging around a decision.
/// </summary>
internal static class PlacementSimulation
{
    // Usage: dotnet run -c Release --project bench/AIaaS.Bench -- placement [--silos 500] [--versions 2000] [--seed 1]
    public static int Run(string[] args)
    {
        var silos = BenchArguments.Int(args, "--silos", 500);
        var versions = BenchArguments.Int(args, "--versions", 2000);
        var seed = BenchArguments.Int(args, "--seed", 1);
        var random = new Random(seed);

        // 70 % GPU workers (24, 40 or 80 GiB), 30 % CPU workers: a typical mixed pool.
        var candidates = Enumerable.Range(0, silos).Select(i =>
        {
            var address = SiloAddress.New(new IPEndPoint(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), 11111), 1);
            var profile = random.NextDouble() < 0.7
                ? new SiloProfile(SiloRoles.Worker, SiloAccelerators.Cuda, 1, new[] { 24_576, 40_960, 81_920 }[random.Next(3)])
                : new SiloProfile(SiloRoles.Worker, SiloAccelerators.Cpu, 0, 0);
            return new PlacementCandidate(address, profile);
        }).ToList();

        // 60 % gpu, 10 % cpu, 30 % auto; 1-4 replicas; GPU memory 256 MiB to 16 GiB, log-uniform.
        var replicas = new List<HostedReplica>();
        for (var v = 0; v < versions; v++)
        {
            var roll = random.NextDouble();
            var accelerator = roll < 0.6 ? ModelAccelerators.Gpu : roll < 0.7 ? ModelAccelerators.Cpu : ModelAccelerators.Auto;
            var memory = accelerator == ModelAccelerators.Cpu ? 0 : (int)Math.Round(Math.Exp(Math.Log(256) + (random.NextDouble() * (Math.Log(16_384) - Math.Log(256)))));
            var count = 1 + random.Next(4);
            for (var i = 0; i < count; i++)
            {
                replicas.Add(new HostedReplica($"model-{v / 2}", 1 + (v % 2), i, accelerator, memory));
            }
        }

        var hosted = candidates.ToDictionary(c => c.Silo, _ => new List<HostedReplica>());
        var view = hosted.ToDictionary(h => h.Key, h => (IReadOnlyList<HostedReplica>)h.Value);
        var times = new List<double>(replicas.Count);
        var refused = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = new Stopwatch();
        foreach (var replica in replicas)
        {
            clock.Restart();
            try
            {
                var silo = ReplicaPlacementRules.Choose(replica, candidates, view);
                clock.Stop();
                hosted[silo].Add(replica);
            }
            catch (InferenceException ex)
            {
                clock.Stop();
                var reason = ex.Message.Contains("GPU memory", StringComparison.Ordinal) ? "no silo with enough GPU memory free" : ex.Message;
                refused[reason] = refused.GetValueOrDefault(reason) + 1;
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Report(candidates, hosted, replicas, times, refused, seed);
        return 0;
    }

    private static void Report(
        List<PlacementCandidate> candidates,
        Dictionary<SiloAddress, List<HostedReplica>> hosted,
        List<HostedReplica> replicas,
        List<double> times,
        Dictionary<string, int> refused,
        int seed)
    {
        var gpu = candidates.Where(c => c.Profile.Accelerator == SiloAccelerators.Cuda).ToList();
        var cpu = candidates.Where(c => c.Profile.Accelerator == SiloAccelerators.Cpu).ToList();
        var utilisation = gpu.Select(c => (double)hosted[c.Silo].Sum(r => r.GpuMemoryMb) / c.Profile.GpuMemoryMb).Order().ToList();
        var capacity = gpu.Sum(c => (long)c.Profile.GpuMemoryMb);
        var used = gpu.Sum(c => hosted[c.Silo].Sum(r => (long)r.GpuMemoryMb));
        var demanded = replicas.Where(r => r.Accelerator != ModelAccelerators.Cpu).Sum(r => (long)r.GpuMemoryMb);
        var placed = hosted.Values.Sum(h => h.Count);

        // Spread: replicas of one version on distinct silos, as far as the eligible silos allow.
        var byVersion = hosted.SelectMany(h => h.Value.Select(r => (Silo: h.Key, r.Model, r.Version)))
            .GroupBy(x => (x.Model, x.Version)).ToList();
        var doubledUp = byVersion.Count(g => g.Select(x => x.Silo).Distinct().Count() < g.Count());

        var ordered = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"placement simulation (seed {seed}): {candidates.Count} silos ({gpu.Count} cuda, {cpu.Count} cpu), {byVersion.Count + 0} model versions placed of {replicas.Select(r => (r.Model, r.Version)).Distinct().Count()}, {replicas.Count} replicas"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  placed {placed} replicas, refused {replicas.Count - placed}{(refused.Count > 0 ? ": " + string.Join("; ", refused.Select(r => $"{r.Value} {r.Key}")) : "")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GPU memory: {used / 1024.0:F0} of {capacity / 1024.0:F0} GiB used ({100.0 * used / capacity:F1} %), {demanded / 1024.0:F0} GiB asked for by gpu and auto replicas"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per cuda silo: min {100 * utilisation[0]:F1} %, median {100 * utilisation[utilisation.Count / 2]:F1} %, p90 {100 * utilisation[(int)(utilisation.Count * 0.9)]:F1} %, max {100 * utilisation[^1]:F1} % of its budget"));
        var perSilo = hosted.Values.Select(h => h.Count).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  replicas per silo: min {perSilo[0]}, median {perSilo[perSilo.Count / 2]}, max {perSilo[^1]}; cpu silos hold {cpu.Sum(c => hosted[c.Silo].Count)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  spread: {byVersion.Count - doubledUp} of {byVersion.Count} versions have every replica on a distinct silo"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  decision time: median {ordered[ordered.Count / 2]:F3} ms, p99 {ordered[(int)(ordered.Count * 0.99)]:F3} ms, max {ordered[^1]:F3} ms, total {ordered.Sum() / 1000:F2} s"));
    }

}
