using AIaaS.Hosting.Health;
using AIaaS.Models;
using AIaaS.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Tests.Health;

/// <summary>
/// A front is not ready until its router has the routing table of every model it serves from the
/// cluster: readiness names the model whose table it lacks, and says ready once the table came.
/// </summary>
public sealed class RoutingTableReadinessTests
{
    private static readonly RoutingTable Table = new("cls", 3, [new RoutedVersion(1, 100, 1)]);

    [Fact(Timeout = 10_000)]
    public async Task NotReadyReason_ModelGrainFails_NamesModelUntilTableLoads()
    {
        var (grain, stub) = ModelGrainTableStub.Create();
        stub.Table = () => Task.FromException<RoutingTable>(new TimeoutException("the model grain's silo is unreachable"));
        using var router = NewRouter(grain);
        var readiness = new RoutingTableReadiness(router, TimeProvider.System);

        var before = await readiness.NotReadyReasonAsync(["cls"]);
        stub.Table = () => Task.FromResult(Table);
        var after = await readiness.NotReadyReasonAsync(["cls"]);

        Assert.Equal("the router could not load the routing table of model 'cls' from the cluster (the model grain's silo is unreachable)", before);
        Assert.Null(after);
        Assert.Equal(3, router.CachedRevision("cls"));
    }

    [Fact(Timeout = 10_000)]
    public async Task NotReadyReason_ModelGrainSlow_NotReadyThenReadyWithoutAskingAgain()
    {
        var (grain, stub) = ModelGrainTableStub.Create();
        var answer = new TaskCompletionSource<RoutingTable>(TaskCreationOptions.RunContinuationsAsynchronously);
        stub.Table = () => answer.Task;
        using var router = NewRouter(grain);
        var readiness = new RoutingTableReadiness(router, TimeProvider.System);

        var before = await readiness.NotReadyReasonAsync(["cls"]);
        // The fetch the first probe started goes on past its wait and fills the cache.
        answer.SetResult(Table);
        await WaitUntilCachedAsync(router, "cls");
        var after = await readiness.NotReadyReasonAsync(["cls"]);

        Assert.Equal("the router has not loaded the routing table of model 'cls' from the cluster yet (no answer within 500 ms)", before);
        Assert.Null(after);
        Assert.Equal(1, stub.Fetches);
    }

    [Fact(Timeout = 10_000)]
    public async Task NotReadyReason_TablesCached_AsksNothing()
    {
        var (grain, stub) = ModelGrainTableStub.Create();
        using var router = NewRouter(grain);
        router.Apply(Table);
        var readiness = new RoutingTableReadiness(router, TimeProvider.System);

        Assert.Null(await readiness.NotReadyReasonAsync(["cls"]));
        Assert.Null(await readiness.NotReadyReasonAsync([]));
        Assert.Equal(0, stub.Fetches);
    }

    private static ModelRouter NewRouter(IModelGrain grain) =>
        new(SingleModelGrainFactory.Create(grain), Options.Create(new ModelRouterOptions()), NullLogger<ModelRouter>.Instance);

    private static async Task WaitUntilCachedAsync(ModelRouter router, string model)
    {
        while (router.CachedRevision(model) < 0)
        {
            await Task.Delay(10);
        }
    }
}
