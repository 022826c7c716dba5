using AIaaS.Inference.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Inference.Tests.Execution;
using AIaaS.Models;
using AIaaS.Tensors;
using AIaaS.Testing.Onnx;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Inference.Tests.Batching;

/// <summary>Batching on a configured batch axis: silero-like state <c>[2, B, 2]</c> stacked on axis 1 and split back.</summary>
public sealed class BatchAxesTests : IDisposable
{
    private static readonly ModelConfig Stateful = new()
    {
        Name = "stateful",
        MaxBatchSize = 8,
        SequenceBatching = new SequenceBatchingConfig
        {
            State =
            [
                new SequenceStateConfig { InputName = "state", OutputName = "stateN", Dims = [2, 2], BatchAxis = 1 },
                new SequenceStateConfig { InputName = "input", OutputName = "input", Dims = [1], BatchAxis = 0 },
            ],
        },
    };

    private static readonly BatchAxes Axes = BatchAxes.FromConfig(Stateful);

    private readonly TemporaryModelDirectory models = new();

    [Fact]
    public void FromConfig_StateOnAxis1_InputsAndOutputsOnTheirAxes()
    {
        Assert.Equal(1, Axes.OfInput(Payloads.Fp32("state", [2, 1, 2], 0, 0, 0, 0)));
        Assert.Equal(1, Axes.OfOutput(Payloads.Fp32("stateN", [2, 1, 2], 0, 0, 0, 0)));
        Assert.Equal(0, Axes.OfInput(Payloads.Fp32("input", [1, 3], 0, 0, 0)));
        Assert.Equal(0, Axes.OfOutput(Payloads.Fp32("output", [1, 1], 0)));
        Assert.Equal(-1, Axes.OfInput(Payloads.Int64("sr", [], 16000)));
        Assert.Same(BatchAxes.Leading, BatchAxes.FromConfig(new ModelConfig { Name = "plain", MaxBatchSize = 8 }));
        Assert.Same(BatchAxes.None, BatchAxes.FromConfig(new ModelConfig { Name = "unbatched" }));
        Assert.Equal(-1, BatchAxes.None.OfInput(Payloads.Fp32("input", [3, 3], 0, 0, 0, 0, 0, 0, 0, 0, 0)));
    }

    [Fact]
    public void Assemble_StateOnAxis1_InterleavesEachRequestsBlocks()
    {
        TensorPayload[][] requests =
        [
            [Payloads.Fp32("state", [2, 1, 2], 1, 2, 3, 4)],
            [Payloads.Fp32("state", [2, 2, 2], 10, 11, 12, 13, 20, 21, 22, 23)],
        ];

        using var batch = BatchAssembler.Assemble(requests, axes: Axes);

        var state = Assert.Single(batch.Inputs);
        Assert.Equal(new long[] { 2, 3, 2 }, state.Shape);
        Assert.Equal(new float[] { 1, 2, 10, 11, 12, 13, 3, 4, 20, 21, 22, 23 }, Payloads.ToFloats(state));
        Assert.Equal(new[] { 1, 2 }, batch.BatchSizes);
    }

    [Fact]
    public void Split_StateNOnAxis1_EachRequestGetsItsOwnBlocks()
    {
        var stateN = Payloads.Fp32("stateN", [2, 3, 2], 1, 2, 10, 11, 12, 13, 3, 4, 20, 21, 22, 23);

        var split = BatchSplitter.Split([stateN], [1, 2], Axes);

        Assert.Equal(new long[] { 2, 1, 2 }, split[0][0].Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, Payloads.ToFloats(split[0][0]));
        Assert.Equal(new long[] { 2, 2, 2 }, split[1][0].Shape);
        Assert.Equal(new float[] { 10, 11, 12, 13, 20, 21, 22, 23 }, Payloads.ToFloats(split[1][0]));
    }

    [Fact]
    public void BatchSizeOf_StateOnAxis1_ReadsAxis1()
    {
        TensorPayload[] inputs = [Payloads.Fp32("input", [1, 3], 0, 0, 0), Payloads.Fp32("state", [2, 1, 2], 0, 0, 0, 0)];

        Assert.Equal(1, BatchAssembler.BatchSizeOf(inputs, Axes));
        Assert.Throws<Errors.InferenceException>(() => BatchAssembler.BatchSizeOf(inputs));
    }

    [Fact]
    public void BatchKey_StatesOfDifferentBatchSizes_ShareAKey()
    {
        var one = BatchKey.Create([Payloads.Fp32("state", [2, 1, 2], 0, 0, 0, 0)], null, Axes);
        var two = BatchKey.Create([Payloads.Fp32("state", [2, 2, 2], 0, 0, 0, 0, 0, 0, 0, 0)], null, Axes);
        var wider = BatchKey.Create([Payloads.Fp32("state", [2, 1, 3], 0, 0, 0, 0, 0, 0)], null, Axes);

        Assert.Equal(one, two);
        Assert.NotEqual(one, wider);
    }

    [Fact]
    public void AssembleRunSplit_StatefulModel_EqualsEachRequestRunAlone()
    {
        using var model = OnnxModel.Load(models.Write(TestOnnxModels.StatefulAccumulator()), new OnnxModelOptions { PreferCuda = false }, NullLogger.Instance);
        TensorPayload[][] requests =
        [
            [Payloads.Fp32("input", [1, 3], 1, 2, 3), Payloads.Fp32("state", [2, 1, 2], 1, 0, 0, 0), Payloads.Int64("sr", [], 2)],
            [Payloads.Fp32("input", [1, 3], 10, 20, 30), Payloads.Fp32("state", [2, 1, 2], 0, 100, 0, 1000), Payloads.Int64("sr", [], 2)],
            [Payloads.Fp32("input", [1, 3], -1, -1, -1), Payloads.Fp32("state", [2, 1, 2], 5, 5, 5, 5), Payloads.Int64("sr", [], 2)],
        ];

        IReadOnlyList<TensorPayload>[] split;
        using (var batch = BatchAssembler.Assemble(requests, axes: Axes))
        {
            split = BatchSplitter.Split(model.Run(batch.Inputs), batch.BatchSizes, Axes);
        }

        // output = sum(input) * sr + sum(state); stateN = state + sum(input).
        Assert.Equal(new float[] { 13 }, Payloads.ToFloats(split[0][0]));
        Assert.Equal(new float[] { 7, 6, 6, 6 }, Payloads.ToFloats(split[0][1]));
        Assert.Equal(new float[] { 1220 }, Payloads.ToFloats(split[1][0]));
        Assert.Equal(new float[] { 60, 160, 60, 1060 }, Payloads.ToFloats(split[1][1]));
        Assert.Equal(new float[] { 14 }, Payloads.ToFloats(split[2][0]));
        Assert.Equal(new float[] { 2, 2, 2, 2 }, Payloads.ToFloats(split[2][1]));
        for (var r = 0; r < requests.Length; r++)
        {
            var alone = model.Run(requests[r]);
            Assert.Equal(Payloads.ToFloats(alone[0]), Payloads.ToFloats(split[r][0]));
            Assert.Equal(Payloads.ToFloats(alone[1]), Payloads.ToFloats(split[r][1]));
        }
    }

    public void Dispose() => models.Dispose();
}
