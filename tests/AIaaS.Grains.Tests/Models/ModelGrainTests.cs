using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Models;

public sealed class ModelGrainTests(ModelClusterFixture fixture) : IClassFixture<ModelClusterFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Register_AtSiloStart_LoadsEveryVersionOnEveryReplica()
    {
        var deployment = await fixture.WaitForSettledAsync("scale");

        var version = Assert.Single(deployment.Versions);
        Assert.Equal(ModelVersionStatus.Ready, version.Status);
        Assert.Equal(2, version.Config.Replicas);
        var input = Assert.Single(version.Signature!.Inputs);
        Assert.Equal("x", input.Name);
        Assert.Equal(TensorDataType.Fp32, input.DataType);
        Assert.Equal([-1L, 4L], input.Shape);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ThroughRouter_ComputesOnEitherReplica()
    {
        await fixture.WaitForSettledAsync("scale");

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => fixture.Router.InferAsync("scale", null, new InferenceRequest
        {
            Id = $"r{i}",
            Inputs = [Tensor.Create<float>("x", [1, 4], [i, i + 1, i + 2, i + 3])],
        })));

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal($"r{i}", responses[i].Id);
            Assert.Equal("1", responses[i].ModelVersion);
            var y = Assert.Single(responses[i].Outputs);
            Assert.Equal([1L, 4L], y.Shape);
            Assert.Equal([2f * i, 2f * (i + 1), 2f * (i + 2), 2f * (i + 3)], y.ToArray<float>());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_RequestedOutput_ReturnsOnlyThatOne()
    {
        await fixture.WaitForSettledAsync("sum");

        var response = await fixture.Router.InferAsync("sum", "1", new InferenceRequest
        {
            Inputs = [Tensor.Create<float>("a", [1, 4], [1, 2, 3, 4]), Tensor.Create<float>("b", [1, 4], [5, 6, 7, 8])],
            Outputs = ["product"],
        });

        var product = Assert.Single(response.Outputs);
        Assert.Equal("product", product.Name);
        Assert.Equal([5f, 12f, 21f, 32f], product.ToArray<float>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Load_InvalidModelFile_RecordsFailureWithReason()
    {
        var deployment = await fixture.WaitForSettledAsync("broken");

        var version = Assert.Single(deployment.Versions);
        Assert.Equal(ModelVersionStatus.Failed, version.Status);
        Assert.Contains("model.onnx", version.Reason);
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Router.InferAsync("broken", null, new InferenceRequest { Inputs = [] }));
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Contains("'broken'", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Router.InferAsync("no-such-model", null, new InferenceRequest { Inputs = [] }));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("unknown model 'no-such-model'", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_UnknownVersion_NotFound()
    {
        await fixture.WaitForSettledAsync("scale");

        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Router.InferAsync("scale", "7", new InferenceRequest { Inputs = [] }));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("model 'scale' has no version 7", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_WrongDatatype_InvalidArgumentNamingTheInput()
    {
        await fixture.WaitForSettledAsync("scale");

        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Router.InferAsync("scale", null, new InferenceRequest
        {
            Inputs = [Tensor.Create<long>("x", [1, 4], [1, 2, 3, 4])],
        }));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("'x'", error.Message);
        Assert.Contains("INT64", error.Message);
        Assert.Contains("FP32", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Unload_ThenInfer_UnavailableUntilLoadedAgain()
    {
        await fixture.WaitForSettledAsync("sum");
        var model = fixture.Grains.GetGrain<IModelGrain>("sum");
        var request = new InferenceRequest { Inputs = [Tensor.Create<float>("a", [1, 4], [1, 1, 1, 1]), Tensor.Create<float>("b", [1, 4], [2, 2, 2, 2])] };

        var unloaded = await model.Unload();
        Assert.All(unloaded.Versions, v => Assert.Equal(ModelVersionStatus.Unloaded, v.Status));
        var error = await Assert.ThrowsAsync<InferenceException>(() => fixture.Router.InferAsync("sum", null, request));
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);

        var definition = new Repository.ModelRepository(fixture.Repository.Root).Find("sum")!;
        var loaded = await model.Load(definition);
        Assert.All(loaded.Versions, v => Assert.Equal(ModelVersionStatus.Ready, v.Status));
        var response = await fixture.Router.InferAsync("sum", null, request);
        Assert.Equal([3f, 3f, 3f, 3f], response.Outputs.Single(o => o.Name == "sum").ToArray<float>());
    }

    [Fact(Timeout = 60_000)]
    public async Task GetDeployment_WhileAVersionLoads_AnswersWithoutWaitingForTheLoad()
    {
        await fixture.WaitForSettledAsync("slow-load");
        var model = fixture.Grains.GetGrain<IModelGrain>("slow-load");
        await model.Unload();
        var definition = new Repository.ModelRepository(fixture.Repository.Root).Find("slow-load")!;

        var load = model.Load(definition);
        // The front reads the deployment on every /predict and text-classification request, so a read
        // must not queue behind a load of seconds; it sees the version loading.
        ModelDeployment during;
        do
        {
            during = await model.GetDeployment();
        }
        while (during.Versions[0].Status == ModelVersionStatus.Unloaded && !load.IsCompleted);

        Assert.Equal(ModelVersionStatus.Loading, during.Versions[0].Status);
        Assert.Equal(ModelVersionStatus.Ready, Assert.Single((await load).Versions).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Load_FewerReplicas_UnloadsTheExtraOnes()
    {
        await fixture.WaitForSettledAsync("shrink");
        var model = fixture.Grains.GetGrain<IModelGrain>("shrink");
        await fixture.Grains.GetGrain<IModelReplicaGrain>(ReplicaKey.Format("shrink", 1, 1)).Load();
        Assert.True(await HostsAsync("shrink/1/1"));

        var definition = new Repository.ModelRepository(fixture.Repository.Root).Find("shrink")!;
        await model.Load(definition with { Config = definition.Config with { Replicas = 1 } });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await HostsAsync("shrink/1/1"))
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.True(await HostsAsync("shrink/1/0"));
    }

    private async Task<bool> HostsAsync(string replica)
    {
        var inventory = await fixture.Grains.GetGrain<IReplicaInventoryGrain>(0).GetInventory();
        return inventory.SelectMany(s => s.Replicas).Any(r => ReplicaKey.Format(r.Model, r.Version, r.Index) == replica);
    }
}
