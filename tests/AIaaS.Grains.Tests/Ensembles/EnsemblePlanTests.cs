using AIaaS.Errors;
using AIaaS.Grains.Ensembles;
using AIaaS.Models;
using AIaaS.Tensors;
using static AIaaS.Grains.Tests.Ensembles.TestPipelines;

namespace AIaaS.Grains.Tests.Ensembles;

public sealed class EnsemblePlanTests
{
    private const int Timeout = 30_000;

    /// <summary>image -> pre -> features -> net -> scores.</summary>
    private static readonly ModelConfig Pipe = Pipeline(
        "pipe",
        ["scores"],
        Step("pre", [("x", "image")], [("y", "features")]),
        Step("net", [("x", "features")], [("p", "scores")]));

    private static readonly ModelDeployment Pre = Ready("pre", [Fp32("x", -1, 4)], [Fp32("y", -1, 4)], maxBatchSize: 8);

    [Fact(Timeout = Timeout)]
    public async Task BuildAsync_ValidPipeline_SignatureFromTheStepModels()
    {
        // net takes any second dimension: a free dimension agrees with the 4 pre writes.
        var net = Ready("net", [Fp32("x", -1, -1)], [Fp32("p", -1, 3)], maxBatchSize: 8);

        var plan = await EnsemblePlan.BuildAsync(Pipe, Deployments(Pre, net));

        Assert.Equal("pipe", plan.Name);
        Assert.Equal(["ensemble_scheduling.step[0] (model 'pre')", "ensemble_scheduling.step[1] (model 'net')"], plan.Steps.Select(s => s.Name));
        Assert.Equal([0, 1], plan.Steps.Select(s => s.Index));
        Assert.All(plan.Steps, s => Assert.Null(s.Version));
        Assert.Equal(8, plan.Steps[1].Config.MaxBatchSize);
        var input = Assert.Single(plan.Signature.Inputs);
        Assert.Equal(("image", TensorDataType.Fp32), (input.Name, input.DataType));
        Assert.Equal([-1L, 4L], input.Shape);
        var output = Assert.Single(plan.Signature.Outputs);
        Assert.Equal(("scores", TensorDataType.Fp32), (output.Name, output.DataType));
        Assert.Equal([-1L, 3L], output.Shape);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(new long[] { -1, 4, 1 }, TensorDataType.Fp32, "FP32 [-1, 4, 1] (ranks differ)")]
    [InlineData(new long[] { -1, 3 }, TensorDataType.Fp32, "FP32 [-1, 3] (dimension 1 differs)")]
    [InlineData(new long[] { -1, 4 }, TensorDataType.Int64, "INT64 [-1, 4] (datatypes differ)")]
    public async Task BuildAsync_ReaderDisagreesWithWriter_InvalidArgumentNamingStepAndTensor(long[] shape, TensorDataType type, string takes)
    {
        var net = Ready("net", [new TensorSpec("x", type, shape)], [Fp32("p", -1, 3)]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => EnsemblePlan.BuildAsync(Pipe, Deployments(Pre, net)));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(
            $"pipeline 'pipe' is invalid: ensemble_scheduling.step[1] (model 'net'): input 'x' reads tensor 'features', which ensemble_scheduling.step[0] (model 'pre') writes as FP32 [-1, 4], but the model takes {takes}",
            error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task BuildAsync_ModelInputNotFed_InvalidArgumentNamingStepAndInput()
    {
        var net = Ready("net", [Fp32("x", -1, 4), new TensorSpec("mask", TensorDataType.Int64, [-1])], [Fp32("p", -1, 3)]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => EnsemblePlan.BuildAsync(Pipe, Deployments(Pre, net)));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("pipeline 'pipe' is invalid: ensemble_scheduling.step[1] (model 'net'): input_map does not feed the model's input 'mask'", error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task BuildAsync_InputMapNamesMissingInput_InvalidArgumentNamingStepAndInput()
    {
        var config = Pipeline(
            "pipe",
            ["scores"],
            Pipe.EnsembleScheduling!.Step[0],
            Step("net", [("x", "features"), ("attention", "features")], [("p", "scores")]));
        var net = Ready("net", [Fp32("x", -1, 4)], [Fp32("p", -1, 3)]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => EnsemblePlan.BuildAsync(config, Deployments(Pre, net)));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("pipeline 'pipe' is invalid: ensemble_scheduling.step[1] (model 'net'): input_map names input 'attention', which the model does not have (it has 'x')", error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task BuildAsync_OutputMapNamesMissingOutput_InvalidArgumentNamingStepAndOutput()
    {
        var config = Pipeline(
            "pipe",
            ["scores"],
            Step("pre", [("x", "image")], [("y", "features"), ("mask", "mask")]),
            Pipe.EnsembleScheduling!.Step[1]);
        var net = Ready("net", [Fp32("x", -1, 4)], [Fp32("p", -1, 3)]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => EnsemblePlan.BuildAsync(config, Deployments(Pre, net)));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("pipeline 'pipe' is invalid: ensemble_scheduling.step[0] (model 'pre'): output_map names output 'mask', which the model does not have (it has 'y')", error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task BuildAsync_StepModelWithoutReadyVersion_UnavailableNamingStep()
    {
        var net = new ModelDeployment(
            "net",
            [
                Version("net", 1, ModelVersionStatus.Failed, null),
                Version("net", 2, ModelVersionStatus.Loading, null),
            ]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => EnsemblePlan.BuildAsync(Pipe, Deployments(Pre, net)));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("pipeline 'pipe' cannot load yet: ensemble_scheduling.step[1] (model 'net'): model 'net' has no ready version", error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task BuildAsync_PinnedVersionNotReady_UnavailableNamingStepAndVersion()
    {
        var config = Pipeline(
            "pipe",
            ["scores"],
            Pipe.EnsembleScheduling!.Step[0],
            Pipe.EnsembleScheduling.Step[1] with { ModelVersion = 2 });
        var signature = new ModelSignature([Fp32("x", -1, 4)], [Fp32("p", -1, 3)]);
        var net = new ModelDeployment(
            "net",
            [
                Version("net", 1, ModelVersionStatus.Ready, signature),
                Version("net", 2, ModelVersionStatus.Loading, null),
            ]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => EnsemblePlan.BuildAsync(config, Deployments(Pre, net)));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("pipeline 'pipe' cannot load yet: ensemble_scheduling.step[1] (model 'net'): model 'net' has no ready version 2", error.Message);
    }
}
