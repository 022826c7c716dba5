using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Statistics;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Statistics;

/// <summary>
/// Statistics on a real two-silo cluster. Each test owns one model of <see cref="GrainTestRepository"/>,
/// so its exact counts see no other test's requests.
/// </summary>
public sealed class ModelStatisticsClusterTests(ModelClusterFixture fixture) : IClassFixture<ModelClusterFixture>
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_SingleRequestModel_EachRequestOneExecutionOfItsRows()
    {
        await fixture.WaitForSettledAsync("stats-single");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        foreach (var rows in new[] { 1, 2, 2, 3 })
        {
            await fixture.Router.InferAsync("stats-single", null, Rows(rows));
        }

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var statistics = Assert.Single(await Model("stats-single").GetStatistics(null));
        Assert.Equal(("stats-single", 1), (statistics.Name, statistics.Version));
        Assert.Equal(4, statistics.Success.Count);
        Assert.True(statistics.Success.Ns > 0);
        Assert.Equal(StatisticDuration.Zero, statistics.Fail);
        Assert.Equal(1 + 2 + 2 + 3, statistics.InferenceCount);
        Assert.Equal(4, statistics.ExecutionCount);
        Assert.All([statistics.Queue, statistics.ComputeInput, statistics.ComputeInfer, statistics.ComputeOutput], d => Assert.Equal(4, d.Count));
        Assert.True(statistics.ComputeInfer.Ns > 0);
        Assert.Equal([(1, 1L), (2, 2L), (3, 1L)], statistics.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
        Assert.InRange(statistics.LastInference, before, after);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_TwoReplicas_CombinesTheBatchesOfBoth()
    {
        await fixture.WaitForSettledAsync("stats-batched");
        var first = Replica("stats-batched", 0);
        var second = Replica("stats-batched", 1);

        // Four single rows make one batch of 4 (the preferred size) on the first replica; eight rows
        // (max_batch_size) run at once on the second.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => first.Infer(Rows(1))));
        await second.Infer(Rows(8));

        var one = await first.GetStatistics();
        var two = await second.GetStatistics();
        Assert.Equal([(4, 1L)], one.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
        Assert.Equal([(8, 1L)], two.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
        foreach (var asked in new int?[] { null, 1 })
        {
            var statistics = Assert.Single(await Model("stats-batched").GetStatistics(asked));
            Assert.Equal(1, statistics.Version);
            Assert.Equal(5, statistics.Success.Count);
            Assert.Equal(4 + 8, statistics.InferenceCount);
            Assert.Equal(2, statistics.ExecutionCount);
            Assert.Equal(5, statistics.Queue.Count);
            Assert.Equal(5, statistics.ComputeInfer.Count);
            Assert.Equal(one.ComputeInfer.Ns + two.ComputeInfer.Ns, statistics.ComputeInfer.Ns);
            Assert.Equal([(4, 1L), (8, 1L)], statistics.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
            Assert.Equal(Math.Max(one.LastInference, two.LastInference), statistics.LastInference);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_ModelWithoutBatchAxis_OneInferencePerRequest()
    {
        await fixture.WaitForSettledAsync("stats-unbatched");

        await fixture.Router.InferAsync("stats-unbatched", null, Rows(2));
        await fixture.Router.InferAsync("stats-unbatched", null, Rows(3));

        var statistics = Assert.Single(await Model("stats-unbatched").GetStatistics(null));
        Assert.Equal(2, statistics.Success.Count);
        Assert.Equal(2, statistics.InferenceCount);
        Assert.Equal(2, statistics.ExecutionCount);
        Assert.Equal([(1, 2L)], statistics.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
    }

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_InvalidAndRejectedRequests_CountedAsFailuresOnly()
    {
        await fixture.WaitForSettledAsync("stats-failures");

        // Refused by validation, then by the scheduler (the model has one priority level).
        await Assert.ThrowsAsync<InferenceException>(() => fixture.Router.InferAsync("stats-failures", null, new InferenceRequest { Inputs = [Tensor.Create<long>("x", [1, 4], [1, 2, 3, 4])] }));
        await Assert.ThrowsAsync<InferenceException>(() => fixture.Router.InferAsync("stats-failures", null, Rows(1, priority: 2)));
        await fixture.Router.InferAsync("stats-failures", null, Rows(2));

        var statistics = Assert.Single(await Model("stats-failures").GetStatistics(null));
        Assert.Equal(2, statistics.Fail.Count);
        Assert.True(statistics.Fail.Ns > 0);
        Assert.Equal(1, statistics.Success.Count);
        Assert.Equal(2, statistics.InferenceCount);
        Assert.Equal(1, statistics.ExecutionCount);
        Assert.Equal(1, statistics.Queue.Count);
        Assert.Equal([2], statistics.BatchStats.Select(b => b.BatchSize));
    }

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_AfterUnload_ZerosAndLoadsNothing()
    {
        await fixture.WaitForSettledAsync("stats-unload");
        await fixture.Router.InferAsync("stats-unload", null, Rows(1));
        Assert.Equal(1, Assert.Single(await Model("stats-unload").GetStatistics(null)).Success.Count);

        await Model("stats-unload").Unload();

        Assert.Equal(ModelStatistics.Empty("stats-unload", 1), WithoutBatches(Assert.Single(await Model("stats-unload").GetStatistics(null))));
        var replica = Replica("stats-unload", 0);
        Assert.Equal(ModelStatistics.Empty("stats-unload", 1), WithoutBatches(await replica.GetStatistics()));
        // Had asking loaded a session, the replica would now serve this request.
        var error = await Assert.ThrowsAsync<InferenceException>(() => replica.Infer(Rows(1)));
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        var version = Assert.Single((await Model("stats-unload").GetDeployment()).Versions);
        Assert.Equal(ModelVersionStatus.Unloaded, version.Status);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_ReplicaOfModelThatFailsToLoad_ZerosWithoutTryingToLoad()
    {
        await fixture.WaitForSettledAsync("broken");

        // Loading this replica throws (its file is not ONNX): zeros mean nothing tried.
        var replica = await Replica("broken", 0).GetStatistics();
        var model = Assert.Single(await Model("broken").GetStatistics(null));

        Assert.Equal(ModelStatistics.Empty("broken", 1), WithoutBatches(replica));
        Assert.Equal(ModelStatistics.Empty("broken", 1), WithoutBatches(model));
    }

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => Model("no-such-model").GetStatistics(null));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("unknown model 'no-such-model'", error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetStatistics_UnknownVersion_NotFoundNamingModelAndVersion()
    {
        await fixture.WaitForSettledAsync("stats-single");

        var error = await Assert.ThrowsAsync<InferenceException>(() => Model("stats-single").GetStatistics(7));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("model 'stats-single' has no version 7", error.Message);
    }

    private IModelGrain Model(string name) => fixture.Grains.GetGrain<IModelGrain>(name);

    private IModelReplicaGrain Replica(string model, int index) => fixture.Grains.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(model, 1, index));

    private static InferenceRequest Rows(int rows, int priority = 0) =>
        new() { Inputs = [Tensor.Create<float>("x", [rows, 4], new float[rows * 4])], Priority = priority };

    // Records compare lists by reference; an empty batch list is checked apart.
    private static ModelStatistics WithoutBatches(ModelStatistics statistics)
    {
        Assert.Empty(statistics.BatchStats);
        return statistics with { BatchStats = ModelStatistics.Empty(statistics.Name, statistics.Version).BatchStats };
    }
}
