using AIaaS.Cluster;
using AIaaS.Hosting;
using AIaaS.Requests;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Tensors;
using AIaaS.Testing.Onnx;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace AIaaS.Grains.Tests.Placement;

/// <summary>
/// A real four-silo cluster in process: a front silo, two simulated-cuda workers (8,000 MiB
/// each) and one cpu worker; silos started later are cuda workers. The cuda workers execute
/// on CPU: no GPU here, the accelerator is declared by configuration as an SRE would.
/// </summary>
public sealed class GpuClusterFixture : TinyClusterFixture
{
    public override async Task InitializeAsync()
    {
        await StartAsync(4, OptionsFor);

        // The models arrive once every silo knows every other (membership, grain manifest and
        // metadata spread eventually): placement is decided once, and this makes it exact.
        await WaitForClusterViewAsync();
        var scale = TestOnnxModels.Scale(2f).Build();
        Repository.Add("on-gpu", """{"name": "on-gpu", "max_batch_size": 8, "accelerator": "gpu", "replicas": 2}""", scale);
        Repository.Add("on-cpu", """{"name": "on-cpu", "max_batch_size": 8, "accelerator": "cpu"}""", scale);
        Repository.Add("on-auto", """{"name": "on-auto", "max_batch_size": 8, "accelerator": "auto"}""", scale);
        Repository.Add("big-gpu", """{"name": "big-gpu", "max_batch_size": 8, "accelerator": "gpu", "replicas": 3, "gpu_memory_mb": 6000}""", scale);
        Repository.Add("queued-gpu", """{"name": "queued-gpu", "max_batch_size": 8, "accelerator": "gpu", "dynamic_batching": {"max_queue_delay_microseconds": 2000000}}""", scale);
        var repository = new ModelRepository(Repository.Root);
        foreach (var model in new[] { "on-gpu", "on-cpu", "on-auto", "big-gpu", "queued-gpu" })
        {
            await Grains.GetGrain<IModelGrain>(model).Load(repository.Find(model)!);
        }
    }

    private async Task WaitForClusterViewAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var silos = Cluster.Silos.ToList();
        bool Knows(InProcessSiloHandle silo, InProcessSiloHandle other) =>
            silo.ServiceProvider.GetRequiredService<ISiloMetadataCache>().GetSiloMetadata(other.SiloAddress).Metadata.ContainsKey(SiloMetadataKeys.Role)
            && silo.ServiceProvider.GetRequiredService<IClusterManifestProvider>().Current.Silos.ContainsKey(other.SiloAddress);
        while (!silos.All(silo => silos.All(other => Knows(silo, other))))
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static AIaaSSiloOptions OptionsFor(string siloName)
    {
        var (role, accelerator) = siloName switch
        {
            "Silo_0" => (SiloRoles.Front, SiloAccelerators.Cpu),
            "Silo_3" => (SiloRoles.Worker, SiloAccelerators.Cpu),
            _ => (SiloRoles.Worker, SiloAccelerators.Cuda),
        };
        return new AIaaSSiloOptions
        {
            Role = role,
            Accelerator = accelerator,
            GpuMemoryMb = accelerator == SiloAccelerators.Cuda ? 8000 : null,
        };
    }

    /// <summary>The role and accelerator a silo of this cluster declared, by address.</summary>
    public string NameOf(SiloAddress silo) =>
        Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(silo))?.Name ?? $"unknown {silo}";

    public async Task<ModelDeployment> WaitForReadyAsync(string model)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        while (true)
        {
            var deployment = await Grains.GetGrain<IModelGrain>(model).GetDeployment();
            if (deployment.Versions.Count > 0 && deployment.Versions.All(v => v.Status == ModelVersionStatus.Ready))
            {
                return deployment;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Every replica of <paramref name="model"/> with the name of the silo it is on.</summary>
    public async Task<List<(int Index, string Silo)>> ReplicasOfAsync(string model)
    {
        var inventory = await Grains.GetGrain<IReplicaInventoryGrain>(0).GetInventory();
        return inventory
            .SelectMany(silo => silo.Replicas.Where(r => r.Model == model).Select(r => (r.Index, NameOf(silo.Silo))))
            .OrderBy(r => r.Index)
            .ToList();
    }

    public Task<InferenceResponse> InferAsync(string model) => Router.InferAsync(model, null, new InferenceRequest
    {
        Inputs = [Tensor.Create<float>("x", [1, 4], [1, 2, 3, 4])],
    });

    /// <summary>Calls every replica index of <paramref name="model"/> directly, so each is placed.</summary>
    public async Task TouchReplicasAsync(string model, int replicas)
    {
        for (var i = 0; i < replicas; i++)
        {
            await Grains.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(model, 1, i)).Load();
        }
    }
}
