using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Requests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.Messaging;

namespace AIaaS.Routing.Tests;

public sealed class ModelRouterTests
{
    private static readonly RoutingTable TwoReplicas = new("m", 1, [new RoutedVersion(1, 100, 2)]);

    private readonly FakeTimeProvider _time = new();

    private ModelRouter Router(FakeCluster cluster) => new(
        cluster,
        Options.Create(new ModelRouterOptions { SuspectFor = TimeSpan.FromSeconds(5), MaxShadowInFlight = 3 }),
        NullLogger<ModelRouter>.Instance,
        random: new Random(3),
        time: _time);

    [Fact]
    public async Task Infer_ReplicaSiloDead_RetriesOnceOnTheOtherReplica()
    {
        var cluster = new FakeCluster(TwoReplicas);
        string? dead = null;
        cluster.Fail = key => (dead ??= key) == key ? new SiloUnavailableException("silo gone") : null;

        var response = await Router(cluster).InferAsync("m", null, new InferenceRequest { Id = "r", Inputs = [] });

        Assert.Equal(2, cluster.Calls.Count);
        Assert.Equal(dead, cluster.Calls[0]);
        Assert.NotEqual(dead, cluster.Calls[1]);
        Assert.Equal(cluster.Calls[1], response.ModelName);
    }

    [Fact]
    public async Task Infer_ShadowedVersion_AnswerFromWeightedVersionAndCopyToShadow()
    {
        var cluster = new FakeCluster(new RoutingTable("m", 1, [new RoutedVersion(1, 100, 1), new RoutedVersion(2, 0, 1, Shadow: 100)]));

        var response = await Router(cluster).InferAsync("m", null, new InferenceRequest { Inputs = [] });

        Assert.Equal("m/1/0", response.ModelName);
        Assert.Equal(["m/1/0"], cluster.Calls);
        Assert.Equal(["m/2/0"], cluster.Shadows);
    }

    [Fact]
    public async Task Infer_ShadowReplicaBacklogged_CopiesStopAtTheLimitUntilSomeFinish()
    {
        var cluster = new FakeCluster(new RoutingTable("m", 1, [new RoutedVersion(1, 100, 1), new RoutedVersion(2, 0, 1, Shadow: 100)]));
        var held = new TaskCompletionSource();
        cluster.ShadowAnswer = held.Task;
        var router = Router(cluster);

        for (var i = 0; i < 10; i++)
        {
            await router.InferAsync("m", null, new InferenceRequest { Inputs = [] });
        }

        Assert.Equal(10, cluster.Calls.Count);
        Assert.Equal(3, cluster.Shadows.Count);

        cluster.ShadowAnswer = Task.CompletedTask;
        // Off the test's synchronization context, the copies' continuations run inside SetResult.
        await Task.Run(held.SetResult);
        await router.InferAsync("m", null, new InferenceRequest { Inputs = [] });

        Assert.Equal(4, cluster.Shadows.Count);
    }

    [Fact]
    public async Task Infer_RequestNamesAVersion_NoShadowCopy()
    {
        var cluster = new FakeCluster(new RoutingTable("m", 1, [new RoutedVersion(1, 100, 1), new RoutedVersion(2, 0, 1, Shadow: 100)]));

        await Router(cluster).InferAsync("m", "1", new InferenceRequest { Inputs = [] });

        Assert.Equal(["m/1/0"], cluster.Calls);
        Assert.Empty(cluster.Shadows);
    }

    [Fact]
    public async Task Infer_BothReplicasDead_FailsAfterOneRetry()
    {
        var cluster = new FakeCluster(TwoReplicas) { Fail = _ => new SiloUnavailableException("silo gone") };

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Router(cluster).InferAsync("m", null, new InferenceRequest { Inputs = [] }));

        Assert.Equal(2, cluster.Calls.Count);
    }

    [Fact]
    public async Task Infer_ModelError_IsNotRetried()
    {
        var cluster = new FakeCluster(TwoReplicas) { Fail = _ => InferenceException.InvalidArgument("bad input") };

        await Assert.ThrowsAsync<InferenceException>(() => Router(cluster).InferAsync("m", null, new InferenceRequest { Inputs = [] }));

        Assert.Single(cluster.Calls);
    }

    [Fact]
    public async Task Infer_TimeoutSpentBeforeTheFailure_DeadlineExceededWithoutRetry()
    {
        var cluster = new FakeCluster(TwoReplicas);
        cluster.Fail = _ =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            return new SiloUnavailableException("silo gone");
        };

        var error = await Assert.ThrowsAsync<InferenceException>(() =>
            Router(cluster).InferAsync("m", null, new InferenceRequest { Inputs = [], TimeoutMicroseconds = 10_000 }));

        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Single(cluster.Calls);
    }

    [Fact]
    public async Task Infer_AfterASiloFailure_AvoidsThatReplicaForSuspectFor()
    {
        var cluster = new FakeCluster(TwoReplicas);
        string? dead = null;
        cluster.Fail = key => dead is null && (dead = key) == key ? new ConnectionFailedException("refused") : null;
        var router = Router(cluster);
        await router.InferAsync("m", null, new InferenceRequest { Inputs = [] });
        cluster.Calls.Clear();

        for (var i = 0; i < 20; i++)
        {
            await router.InferAsync("m", null, new InferenceRequest { Inputs = [] });
        }

        Assert.DoesNotContain(dead, cluster.Calls);

        _time.Advance(TimeSpan.FromSeconds(6));
        cluster.Calls.Clear();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!cluster.Calls.Contains(dead!))
        {
            // The suspicion lifts on a timer continuation; equal loads then split at random.
            await Task.Delay(1, timeout.Token);
            await router.InferAsync("m", null, new InferenceRequest { Inputs = [] });
        }
    }

    [Fact]
    public async Task PushedTable_NewerRevisionReplaces_OlderIsIgnored()
    {
        var cluster = new FakeCluster(TwoReplicas);
        var router = Router(cluster);
        await router.InferAsync("m", null, new InferenceRequest { Inputs = [] });
        var observer = Assert.Single(cluster.Model.Subscribers);

        await observer.OnRoutingTable(TwoReplicas with { Revision = 5 });
        await observer.OnRoutingTable(TwoReplicas with { Revision = 3 });

        Assert.Equal(5, router.CachedRevision("m"));
    }
}
