using AIaaS.Models;

namespace AIaaS.Grains.Tests.Placement;

public sealed class GpuPlacementTests(GpuClusterFixture fixture) : IClassFixture<GpuClusterFixture>
{
    [Fact(Timeout = 90_000)]
    public async Task GpuModel_TwoReplicas_LandOnTwoDifferentCudaWorkers()
    {
        await fixture.WaitForReadyAsync("on-gpu");
        for (var i = 0; i < 8; i++)
        {
            await fixture.InferAsync("on-gpu");
        }

        var replicas = await fixture.ReplicasOfAsync("on-gpu");

        Assert.Equal([0, 1], replicas.Select(r => r.Index));
        Assert.All(replicas, r => Assert.Contains(r.Silo, new[] { "Silo_1", "Silo_2" }));
        Assert.NotEqual(replicas[0].Silo, replicas[1].Silo);
    }

    [Fact(Timeout = 90_000)]
    public async Task CpuModel_LandsOnlyOnTheCpuWorker()
    {
        await fixture.WaitForReadyAsync("on-cpu");
        await fixture.InferAsync("on-cpu");

        var replica = Assert.Single(await fixture.ReplicasOfAsync("on-cpu"));

        Assert.Equal("Silo_3", replica.Silo);
    }

    [Fact(Timeout = 90_000)]
    public async Task AutoModel_PrefersCudaWorkers()
    {
        await fixture.WaitForReadyAsync("on-auto");
        await fixture.InferAsync("on-auto");

        var replica = Assert.Single(await fixture.ReplicasOfAsync("on-auto"));

        Assert.Contains(replica.Silo, new[] { "Silo_1", "Silo_2" });
    }

    [Fact(Timeout = 90_000)]
    public async Task FrontSilo_HostsNoReplica()
    {
        await fixture.WaitForReadyAsync("on-gpu");
        await fixture.WaitForReadyAsync("on-cpu");
        await fixture.WaitForReadyAsync("on-auto");

        var inventory = await fixture.Grains.GetGrain<IReplicaInventoryGrain>(0).GetInventory();

        Assert.DoesNotContain(inventory, silo => fixture.NameOf(silo.Silo) == "Silo_0" && silo.Replicas.Count > 0);
        Assert.Contains(inventory, silo => silo.Replicas.Count > 0);
    }

    [Fact(Timeout = 90_000)]
    public async Task GpuMemory_ThirdReplicaThatFitsNowhere_FailsNamingTheMemory()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ModelVersionInfo version;
        do
        {
            await Task.Delay(100, timeout.Token);
            version = (await fixture.Grains.GetGrain<IModelGrain>("big-gpu").GetDeployment()).Versions.Single();
        }
        // Until the workers join, it fails for want of any cuda worker; then for want of memory.
        while (version.Status != ModelVersionStatus.Failed || version.Reason?.Contains("MiB", StringComparison.Ordinal) != true);

        // Two 8,000 MiB cuda workers take one 6,000 MiB replica each; the third fits on neither.
        Assert.Contains("no worker silo has 6000 MiB of GPU memory free for model 'big-gpu'", version.Reason);
        Assert.True(version.Retrying);
    }
}
