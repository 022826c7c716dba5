using AIaaS.Inference.Batching;
using AIaaS.Inference.Tests.Execution;
using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Batching;

public sealed class BatchKeyTests
{
    [Fact]
    public void Equals_SameNonBatchDimsDifferentBatchSizes_True()
    {
        var a = BatchKey.Create([Payloads.Fp32("x", [1, 2], 1, 2)], null);
        var b = BatchKey.Create([Payloads.Fp32("x", [3, 2], 1, 2, 3, 4, 5, 6)], null);

        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentNonBatchDims_False()
    {
        var a = BatchKey.Create([Payloads.Fp32("x", [1, 2], 1, 2)], null);
        var b = BatchKey.Create([Payloads.Fp32("x", [1, 3], 1, 2, 3)], null);

        Assert.False(a.Equals(b));
    }

    [Fact]
    public void Equals_DifferentDataType_False()
    {
        var a = BatchKey.Create([Payloads.Fp32("x", [1, 1], 1)], null);
        var b = BatchKey.Create([new TensorPayload("x", TensorDataType.Int32, [1, 1], new byte[4])], null);

        Assert.False(a.Equals(b));
    }

    [Fact]
    public void Equals_DifferentInputNames_False()
    {
        var a = BatchKey.Create([Payloads.Fp32("x", [1, 1], 1)], null);
        var b = BatchKey.Create([Payloads.Fp32("z", [1, 1], 1)], null);

        Assert.False(a.Equals(b));
    }

    [Fact]
    public void Equals_DifferentRequestedOutputs_False()
    {
        TensorPayload[] inputs = [Payloads.Fp32("x", [1, 1], 1)];

        Assert.False(BatchKey.Create(inputs, ["sum"]).Equals(BatchKey.Create(inputs, ["product"])));
        Assert.False(BatchKey.Create(inputs, ["sum"]).Equals(BatchKey.Create(inputs, null)));
        Assert.False(BatchKey.Create(inputs, ["sum", "product"]).Equals(BatchKey.Create(inputs, ["product", "sum"])));
        Assert.True(BatchKey.Create(inputs, ["sum"]).Equals(BatchKey.Create(inputs, ["sum"])));
    }

    [Fact]
    public void Equals_BatchlessInputsByteEqual_True()
    {
        var a = BatchKey.Create([Payloads.Fp32("x", [1, 1], 1), Payloads.Int64("sr", [], 16000)], null);
        var b = BatchKey.Create([Payloads.Fp32("x", [2, 1], 5, 6), Payloads.Int64("sr", [], 16000)], null);

        Assert.True(a.Equals(b));
    }

    [Fact]
    public void Equals_BatchlessInputsDiffer_False()
    {
        var a = BatchKey.Create([Payloads.Fp32("x", [1, 1], 1), Payloads.Int64("sr", [], 16000)], null);
        var b = BatchKey.Create([Payloads.Fp32("x", [1, 1], 1), Payloads.Int64("sr", [], 8000)], null);

        Assert.False(a.Equals(b));
    }
}
