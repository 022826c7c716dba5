using System.Buffers;
using AIaaS.Errors;
using AIaaS.Inference.Batching;
using AIaaS.Inference.Tests.Execution;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Batching;

public sealed class BatchAssemblerTests
{
    [Fact]
    public void Assemble_TwoRequests_ConcatenatesEachInputOnAxisZero()
    {
        TensorPayload[] first = [Payloads.Fp32("a", [1, 2], 1, 2), Payloads.Int64("b", [1, 1], 7)];
        TensorPayload[] second = [Payloads.Fp32("a", [2, 2], 3, 4, 5, 6), Payloads.Int64("b", [2, 1], 8, 9)];

        using var batch = BatchAssembler.Assemble([first, second]);

        Assert.Equal([1, 2], batch.BatchSizes);
        Assert.Equal(3, batch.TotalBatchSize);
        Assert.Equal(2, batch.Inputs.Count);
        Assert.Equal(("a", TensorDataType.Fp32), (batch.Inputs[0].Name, batch.Inputs[0].DataType));
        Assert.Equal(new long[] { 3, 2 }, batch.Inputs[0].Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, Payloads.ToFloats(batch.Inputs[0]));
        Assert.Equal(("b", TensorDataType.Int64), (batch.Inputs[1].Name, batch.Inputs[1].DataType));
        Assert.Equal(new long[] { 3, 1 }, batch.Inputs[1].Shape);
        Assert.Equal(Payloads.Int64("b", [3, 1], 7, 8, 9).Data.ToArray(), batch.Inputs[1].Data.ToArray());
    }

    [Fact]
    public void Assemble_TwoRequests_DoesNotChangeTheRequestsShapes()
    {
        var input = Payloads.Fp32("a", [1, 2], 1, 2);

        using var batch = BatchAssembler.Assemble([[input], [Payloads.Fp32("a", [1, 2], 3, 4)]]);

        Assert.Equal(new long[] { 1, 2 }, input.Shape);
    }

    [Fact]
    public void Assemble_SingleRequest_PassesInputsThroughWithoutCopy()
    {
        TensorPayload[] inputs = [Payloads.Fp32("a", [2, 1], 1, 2)];

        using var batch = BatchAssembler.Assemble([inputs]);

        Assert.Same(inputs, batch.Inputs);
        Assert.Equal([2], batch.BatchSizes);
        Assert.Equal(2, batch.TotalBatchSize);
    }

    [Fact]
    public void Assemble_BatchlessInputEqualAcrossRequests_PassedOnceUnchanged()
    {
        var sr = Payloads.Int64("sr", [], 16000);
        TensorPayload[] first = [Payloads.Fp32("x", [1, 1], 1), sr];
        TensorPayload[] second = [Payloads.Fp32("x", [1, 1], 2), Payloads.Int64("sr", [], 16000)];

        using var batch = BatchAssembler.Assemble([first, second]);

        Assert.Same(sr, batch.Inputs[1]);
        Assert.Equal(new float[] { 1, 2 }, Payloads.ToFloats(batch.Inputs[0]));
    }

    [Fact]
    public void Assemble_BatchlessInputDiffers_ThrowsInvalidArgument()
    {
        TensorPayload[] first = [Payloads.Fp32("x", [1, 1], 1), Payloads.Int64("sr", [], 16000)];
        TensorPayload[] second = [Payloads.Fp32("x", [1, 1], 2), Payloads.Int64("sr", [], 8000)];

        var error = Assert.Throws<InferenceException>(() => BatchAssembler.Assemble([first, second]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("input 'sr' has no batch axis and differs between requests of one batch", error.Message);
    }

    [Fact]
    public void Assemble_DifferentNonBatchDims_ThrowsArgumentException()
    {
        TensorPayload[] first = [Payloads.Fp32("x", [1, 2], 1, 2)];
        TensorPayload[] second = [Payloads.Fp32("x", [1, 3], 1, 2, 3)];

        Assert.Throws<ArgumentException>(() => BatchAssembler.Assemble([first, second]));
    }

    [Fact]
    public void Assemble_BytesInputs_ConcatenatesLengthPrefixedElements()
    {
        var first = new TensorPayload("s", TensorDataType.Bytes, [1], BytesTensorData.Encode("ab"u8.ToArray()));
        var second = new TensorPayload("s", TensorDataType.Bytes, [2], BytesTensorData.Encode("c"u8.ToArray(), []));

        using var batch = BatchAssembler.Assemble([[first], [second]]);

        Assert.Equal(new long[] { 3 }, batch.Inputs[0].Shape);
        Assert.Equal(BytesTensorData.Encode("ab"u8.ToArray(), "c"u8.ToArray(), []), batch.Inputs[0].Data.ToArray());
    }

    [Fact]
    public void Dispose_AfterAssembly_ReturnsEachBufferToThePoolOnce()
    {
        var pool = new RecordingPool();
        TensorPayload[] first = [Payloads.Fp32("a", [1, 1], 1), Payloads.Fp32("b", [1, 1], 2)];
        TensorPayload[] second = [Payloads.Fp32("a", [1, 1], 3), Payloads.Fp32("b", [1, 1], 4)];

        var batch = BatchAssembler.Assemble([first, second], pool);
        Assert.Equal(2, pool.Rented.Count);
        Assert.Empty(pool.Returned);
        // Rented buffers may be longer than asked: the payloads cover exactly the batch's bytes.
        Assert.Equal((8, 8), (batch.Inputs[0].Data.Length, batch.Inputs[1].Data.Length));

        batch.Dispose();
        batch.Dispose();

        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Fact]
    public void BatchSizeOf_BatchedInputsAgree_IsTheirFirstDimension()
    {
        Assert.Equal(3, BatchAssembler.BatchSizeOf([Payloads.Fp32("a", [3, 1], 1, 2, 3), Payloads.Int64("sr", [], 1), Payloads.Fp32("b", [3], 1, 2, 3)]));
    }

    [Fact]
    public void BatchSizeOf_OnlyBatchlessInputs_IsOne()
    {
        Assert.Equal(1, BatchAssembler.BatchSizeOf([Payloads.Int64("sr", [], 1)]));
    }

    [Fact]
    public void BatchSizeOf_BatchedInputsDisagree_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<InferenceException>(() => BatchAssembler.BatchSizeOf([Payloads.Fp32("a", [2, 1], 1, 2), Payloads.Fp32("b", [1, 1], 1)]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("inputs 'a' and 'b' disagree on the batch dimension (2 and 1)", error.Message);
    }

    private sealed class RecordingPool : ArrayPool<byte>
    {
        public List<byte[]> Rented { get; } = [];

        public List<byte[]> Returned { get; } = [];

        public override byte[] Rent(int minimumLength)
        {
            var buffer = new byte[minimumLength + 3];
            Rented.Add(buffer);
            return buffer;
        }

        public override void Return(byte[] array, bool clearArray = false) => Returned.Add(array);
    }
}
