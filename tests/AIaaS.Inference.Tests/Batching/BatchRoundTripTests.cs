using AIaaS.Inference.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Inference.Tests.Execution;
using AIaaS.Tensors;
using AIaaS.Testing.Onnx;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Inference.Tests.Batching;

/// <summary>Assemble, run on ONNX Runtime, split: each request gets exactly its own rows.</summary>
public sealed class BatchRoundTripTests : IDisposable
{
    private readonly TemporaryModelDirectory models = new();

    [Fact]
    public void AssembleRunSplit_ScaleModel_EachRequestGetsItsOwnRowsDoubled()
    {
        using var model = OnnxModel.Load(models.Write(TestOnnxModels.Scale(2f)), new OnnxModelOptions { PreferCuda = false }, NullLogger.Instance);
        TensorPayload[][] requests =
        [
            [Payloads.Fp32("x", [1, 4], 1, 2, 3, 4)],
            [Payloads.Fp32("x", [2, 4], 10, 20, 30, 40, 50, 60, 70, 80)],
            [Payloads.Fp32("x", [1, 4], -1, -2, -3, -4)],
        ];

        IReadOnlyList<TensorPayload>[] split;
        using (var batch = BatchAssembler.Assemble(requests))
        {
            split = BatchSplitter.Split(model.Run(batch.Inputs), batch.BatchSizes);
        }

        Assert.Equal(new float[] { 2, 4, 6, 8 }, Payloads.ToFloats(Assert.Single(split[0])));
        Assert.Equal(new float[] { 20, 40, 60, 80, 100, 120, 140, 160 }, Payloads.ToFloats(Assert.Single(split[1])));
        Assert.Equal(new long[] { 2, 4 }, split[1][0].Shape);
        Assert.Equal(new float[] { -2, -4, -6, -8 }, Payloads.ToFloats(Assert.Single(split[2])));
    }

    [Fact]
    public void AssembleRunSplit_BatchlessScalar_SharedByTheBatch()
    {
        using var model = OnnxModel.Load(models.Write(TestOnnxModels.ScaleByScalar()), new OnnxModelOptions { PreferCuda = false }, NullLogger.Instance);
        TensorPayload[][] requests =
        [
            [Payloads.Fp32("x", [1, 4], 1, 2, 3, 4), Payloads.Int64("sr", [], 3)],
            [Payloads.Fp32("x", [1, 4], 5, 6, 7, 8), Payloads.Int64("sr", [], 3)],
        ];

        IReadOnlyList<TensorPayload>[] split;
        using (var batch = BatchAssembler.Assemble(requests))
        {
            split = BatchSplitter.Split(model.Run(batch.Inputs), batch.BatchSizes);
        }

        Assert.Equal(new float[] { 3, 6, 9, 12 }, Payloads.ToFloats(Assert.Single(split[0])));
        Assert.Equal(new float[] { 15, 18, 21, 24 }, Payloads.ToFloats(Assert.Single(split[1])));
    }

    public void Dispose() => models.Dispose();
}
