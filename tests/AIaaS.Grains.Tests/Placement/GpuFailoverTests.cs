using AIaaS.Tensors;
using AIaaS.Errors;
using AIaaS.Models;

namespace AIaaS.Grains.Tests.Placement;

/// <summary>Kills silos, so it has a cluster of its own.</summary>
public sealed class GpuFailoverTests : IAsyncLifetime
{
    private readonly GpuClusterFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact(Timeout = 180_000)]
    public async Task KillingCudaWorkers_MovesReplicas_ThenFailsClearly_ThenANewWorkerServes()
    {
        await _fixture.WaitForReadyAsync("on-gpu");
        await _fixture.TouchReplicasAsync("on-gpu", 2);
        var before = await _fixture.ReplicasOfAsync("on-gpu");
        var dump = string.Join("; ", (await _fixture.Grains.GetGrain<IReplicaInventoryGrain>(0).GetInventory()).Select(s => _fixture.NameOf(s.Silo) + ": " + string.Join(",", s.Replicas.Select(r => $"{r.Model}/{r.Index}"))));
        Assert.True(2 == before.Select(r => r.Silo).Distinct().Count(), dump);

        // One cuda worker dies: its replica reactivates on the other cuda worker, never elsewhere.
        var first = _fixture.Cluster.Silos.Single(s => s.Name == "Silo_1");
        await _fixture.Cluster.KillSiloAsync(first);
        await ServesAgainAsync();
        await _fixture.TouchReplicasAsync("on-gpu", 2);
        var after = await _fixture.ReplicasOfAsync("on-gpu");
        Assert.Equal(["Silo_2", "Silo_2"], after.Select(r => r.Silo));

        // The other dies too: no cuda worker is left, and the error says so.
        var second = _fixture.Cluster.Silos.Single(s => s.Name == "Silo_2");
        await _fixture.Cluster.KillSiloAsync(second);
        var error = await FailsClearlyAsync();
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Contains("no worker silo with a cuda accelerator is in the cluster for model 'on-gpu'", error.Message);

        // A new cuda worker joins: the model serves again, from it.
        await _fixture.Cluster.StartAdditionalSiloAsync();
        await ServesAgainAsync();
        var joined = await _fixture.ReplicasOfAsync("on-gpu");
        Assert.NotEmpty(joined);
        Assert.All(joined, r => Assert.DoesNotContain(r.Silo, new[] { "Silo_0", "Silo_1", "Silo_2", "Silo_3" }));
    }

    private async Task ServesAgainAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                var response = await _fixture.InferAsync("on-gpu");
                Assert.Equal([2f, 4f, 6f, 8f], response.Outputs[0].ToArray<float>());
                return;
            }
            catch (Exception) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
    }

    private async Task<InferenceException> FailsClearlyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await _fixture.InferAsync("on-gpu");
            }
            catch (InferenceException ex) when (ex.Message.Contains("accelerator", StringComparison.Ordinal))
            {
                return ex;
            }
            catch (Exception) when (!timeout.IsCancellationRequested)
            {
                // Until the membership declares the silo dead, calls to it fail in transport terms.
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}
