using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Placement;

/// <summary>Kills silos, so it has a cluster of its own.</summary>
public sealed class GpuFailoverTests : IAsyncLifetime
{
    private readonly GpuClusterFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact(Timeout = 180_000)]
    public async Task KillingCudaWorkers_MovesReplicas_AJoiningWorkerTakesOne_NoneLeftFailsClearly_ANewWorkerServes()
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
        var after = await ListedAsync(listed => listed.Count == 2 && listed.All(r => r.Silo == "Silo_2"));
        Assert.Equal(["Silo_2", "Silo_2"], after.Select(r => r.Silo));

        // A cuda worker joins: the replica sharing Silo_2 with its sibling moves to it.
        var joined = await _fixture.Cluster.StartAdditionalSiloAsync();
        var spread = await SpreadAgainAsync();
        Assert.Equal(["Silo_2", joined.Name], spread.Select(r => r.Silo).Order());

        // Both remaining cuda workers die: no cuda worker is left, and the error says so.
        await Task.WhenAll(
            _fixture.Cluster.KillSiloAsync(_fixture.Cluster.Silos.Single(s => s.Name == "Silo_2")),
            _fixture.Cluster.KillSiloAsync(joined));
        var error = await FailsClearlyAsync();
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Contains("no worker silo with a cuda accelerator is in the cluster for model 'on-gpu'", error.Message);

        // A new cuda worker joins: the model serves again, from it.
        var last = await _fixture.Cluster.StartAdditionalSiloAsync();
        await ServesAgainAsync();
        var serving = await _fixture.ReplicasOfAsync("on-gpu");
        Assert.NotEmpty(serving);
        Assert.All(serving, r => Assert.Equal(last.Name, r.Silo));
    }

    [Fact(Timeout = 180_000)]
    public async Task StoppingAWorker_FinishesRequestsInFlight_ThenItsReplicaServesFromAnother()
    {
        await _fixture.WaitForReadyAsync("queued-gpu");
        await _fixture.TouchReplicasAsync("queued-gpu", 1);
        var host = Assert.Single(await _fixture.ReplicasOfAsync("queued-gpu")).Silo;

        // The model batches with a 2 s delay: these wait in the replica's queue while its silo stops.
        var inFlight = Enumerable.Range(0, 4).Select(i => _fixture.Router.InferAsync("queued-gpu", null, new InferenceRequest
        {
            Id = $"q{i}",
            Inputs = [Tensor.Create<float>("x", [1, 4], [i, i, i, i])],
        })).ToList();
        await Task.Delay(300);
        await _fixture.Cluster.StopSiloAsync(_fixture.Cluster.Silos.Single(s => s.Name == host));

        var responses = await Task.WhenAll(inFlight);
        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal($"q{i}", responses[i].Id);
            Assert.Equal([2f * i, 2f * i, 2f * i, 2f * i], responses[i].Outputs[0].ToArray<float>());
        }

        var after = await _fixture.Router.InferAsync("queued-gpu", null, new InferenceRequest { Inputs = [Tensor.Create<float>("x", [1, 4], [1, 1, 1, 1])] });
        Assert.Equal([2f, 2f, 2f, 2f], after.Outputs[0].ToArray<float>());
        var moved = Assert.Single(await _fixture.ReplicasOfAsync("queued-gpu")).Silo;
        Assert.NotEqual(host, moved);
        Assert.Contains(moved, new[] { "Silo_1", "Silo_2" });
    }

    // The inventory hears of a reactivated replica at its silo's next report, not at once: the
    // listing as soon as it satisfies done, else the last one after 30 s for the assertion to show.
    private async Task<List<(int Index, string Silo)>> ListedAsync(Func<List<(int Index, string Silo)>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var listed = await _fixture.ReplicasOfAsync("on-gpu");
        while (!done(listed) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            listed = await _fixture.ReplicasOfAsync("on-gpu");
        }

        return listed;
    }

    private async Task<List<(int Index, string Silo)>> SpreadAgainAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var replicas = await _fixture.ReplicasOfAsync("on-gpu");
            if (replicas.Select(r => r.Silo).Distinct().Count() == 2)
            {
                return replicas;
            }

            await Task.Delay(250, timeout.Token);
        }
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
