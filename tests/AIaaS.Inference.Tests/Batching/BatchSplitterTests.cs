using System.Runtime.InteropServices;
using AIaaS.Errors;
using AIaaS.Inference.Batching;
using AIaaS.Inference.Tests.Execution;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Batching;

public sealed class BatchSplitterTests
{
    [Fact]
    public void Split_OutputOnBatchAxis_SlicesOfOneArrayByBatchSize()
    {
        var output = Payloads.Fp32("y", [3, 2], 1, 2, 3, 4, 5, 6);

        var split = BatchSplitter.Split([output], [1, 2]);

        Assert.Equal(2, split.Length);
        var first = Assert.Single(split[0]);
        var second = Assert.Single(split[1]);
        Assert.Equal(("y", TensorDataType.Fp32), (first.Name, first.DataType));
        Assert.Equal(new long[] { 1, 2 }, first.Shape);
        Assert.Equal(new float[] { 1, 2 }, Payloads.ToFloats(first));
        Assert.Equal(new long[] { 2, 2 }, second.Shape);
        Assert.Equal(new float[] { 3, 4, 5, 6 }, Payloads.ToFloats(second));

        Assert.True(MemoryMarshal.TryGetArray(output.Data, out var whole));
        Assert.True(MemoryMarshal.TryGetArray(first.Data, out var a));
        Assert.True(MemoryMarshal.TryGetArray(second.Data, out var b));
        Assert.Same(whole.Array, a.Array);
        Assert.Same(whole.Array, b.Array);
        Assert.Equal((0, 8), (a.Offset, a.Count));
        Assert.Equal((8, 16), (b.Offset, b.Count));
        Assert.Equal(new long[] { 3, 2 }, output.Shape);
    }

    [Fact]
    public void Split_OutputWithoutBatchAxis_ReturnedWholeToEveryRequest()
    {
        var scalar = Payloads.Fp32("total", [], 21);
        var summary = Payloads.Fp32("summary", [2], 1, 2);
        var batched = Payloads.Fp32("y", [3], 7, 8, 9);

        var split = BatchSplitter.Split([scalar, summary, batched], [1, 2]);

        Assert.Same(scalar, split[0][0]);
        Assert.Same(scalar, split[1][0]);
        Assert.Same(summary, split[0][1]);
        Assert.Same(summary, split[1][1]);
        Assert.Equal(new float[] { 7 }, Payloads.ToFloats(split[0][2]));
        Assert.Equal(new float[] { 8, 9 }, Payloads.ToFloats(split[1][2]));
    }

    [Fact]
    public void Split_BytesOutput_SplitsAtElementBoundaries()
    {
        var output = new TensorPayload("s", TensorDataType.Bytes, [3, 2], BytesTensorData.Encode("a"u8.ToArray(), "bc"u8.ToArray(), [], "d"u8.ToArray(), "efg"u8.ToArray(), "h"u8.ToArray()));

        var split = BatchSplitter.Split([output], [2, 1]);

        Assert.Equal(new long[] { 2, 2 }, split[0][0].Shape);
        Assert.Equal(BytesTensorData.Encode("a"u8.ToArray(), "bc"u8.ToArray(), [], "d"u8.ToArray()), split[0][0].Data.ToArray());
        Assert.Equal(new long[] { 1, 2 }, split[1][0].Shape);
        Assert.Equal(BytesTensorData.Encode("efg"u8.ToArray(), "h"u8.ToArray()), split[1][0].Data.ToArray());
    }

    [Fact]
    public void Split_SingleRequest_ReturnsTheOutputsAsIs()
    {
        TensorPayload[] outputs = [Payloads.Fp32("y", [2], 1, 2)];

        var split = BatchSplitter.Split(outputs, [2]);

        Assert.Same(outputs, Assert.Single(split));
    }

    [Fact]
    public void Split_ZeroSizedRequestInBatch_GetsAnEmptySlice()
    {
        var split = BatchSplitter.Split([Payloads.Fp32("y", [2, 1], 1, 2)], [1, 0, 1]);

        Assert.Equal(new float[] { 1 }, Payloads.ToFloats(split[0][0]));
        Assert.Equal(new long[] { 0, 1 }, split[1][0].Shape);
        Assert.Equal(0, split[1][0].Data.Length);
        Assert.Equal(new float[] { 2 }, Payloads.ToFloats(split[2][0]));
    }

    [Fact]
    public void Split_DataDoesNotMatchShape_ThrowsInternal()
    {
        var output = new TensorPayload("y", TensorDataType.Fp32, [2, 1], new byte[7]);

        var error = Assert.Throws<InferenceException>(() => BatchSplitter.Split([output], [1, 1]));

        Assert.Equal(InferenceErrorKind.Internal, error.Kind);
    }
}
