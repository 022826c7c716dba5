using System.Buffers;
using AIaaS.Errors;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Inference.Onnx;
using AIaaS.Testing.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Inference.Tests.Execution;

public sealed class OnnxModelTests : IDisposable
{
    private static readonly OnnxModelOptions CpuOptions = new() { PreferCuda = false, IntraOpNumThreads = 1 };

    private readonly TemporaryModelDirectory models = new();

    public static TheoryData<TensorDataType> AllDataTypes => new(Enum.GetValues<TensorDataType>());

    public void Dispose() => models.Dispose();

    [Theory]
    [MemberData(nameof(AllDataTypes))]
    public void Load_IdentityOfDataType_SignatureHasThatDataType(TensorDataType dataType)
    {
        using var model = Load(TestOnnxModels.Identity(dataType, "N", 3));

        var input = Assert.Single(model.Signature.Inputs);
        var output = Assert.Single(model.Signature.Outputs);
        Assert.Equal(("x", dataType), (input.Name, input.DataType));
        Assert.Equal(new long[] { -1, 3 }, input.Shape);
        Assert.Equal(("y", dataType), (output.Name, output.DataType));
        Assert.Equal(new long[] { -1, 3 }, output.Shape);
    }

    [Theory]
    [MemberData(nameof(AllDataTypes))]
    public void Run_IdentityOfDataType_ReturnsInputBytes(TensorDataType dataType)
    {
        using var model = Load(TestOnnxModels.Identity(dataType, "N", 3));
        var data = SampleData(dataType, 6);

        var output = Assert.Single(model.Run([new TensorPayload("x", dataType, [2, 3], data)]));

        Assert.Equal("y", output.Name);
        Assert.Equal(dataType, output.DataType);
        Assert.Equal(new long[] { 2, 3 }, output.Shape);
        Assert.Equal(data, output.Data.ToArray());
    }

    [Fact]
    public void Load_SymbolicUnknownAndScalarDims_ReportsMinusOneAndEmptyShape()
    {
        using var model = Load(new OnnxModelBuilder()
            .Input("x", OnnxElementType.Float, "batch", -1, 3)
            .Input("sr", OnnxElementType.Int64)
            .Output("y", OnnxElementType.Float, "batch", -1, 3)
            .Node("Identity", ["x"], ["y"]));

        Assert.Equal(new long[] { -1, -1, 3 }, model.Signature.Inputs[0].Shape);
        Assert.Equal(("sr", TensorDataType.Int64), (model.Signature.Inputs[1].Name, model.Signature.Inputs[1].DataType));
        Assert.Empty(model.Signature.Inputs[1].Shape);
    }

    [Fact]
    public void Load_TwoInputsTwoOutputs_SignatureInGraphOrder()
    {
        using var model = Load(TestOnnxModels.SumAndProduct());

        Assert.Equal(["a", "b"], model.Signature.Inputs.Select(s => s.Name));
        Assert.Equal(["sum", "product"], model.Signature.Outputs.Select(s => s.Name));
    }

    [Fact]
    public void Run_AddOne_AddsOneToEveryElement()
    {
        using var model = Load(TestOnnxModels.AddOne());

        var output = Assert.Single(model.Run([Payloads.Fp32("x", [2, 4], 0, 1, 2, 3, -4, 0.5f, 100, -1)]));

        Assert.Equal(new long[] { 2, 4 }, output.Shape);
        Assert.Equal([1, 2, 3, 4, -3, 1.5f, 101, 0], Payloads.ToFloats(output));
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(false, 1)]
    public void Run_ThreadingOptions_SameResults(bool allowSpinning, int intraOpThreads)
    {
        var options = new OnnxModelOptions { PreferCuda = false, AllowSpinning = allowSpinning, IntraOpNumThreads = intraOpThreads };
        using var model = OnnxModel.Load(models.Write(TestOnnxModels.AddOne()), options, NullLogger.Instance);

        var output = Assert.Single(model.Run([Payloads.Fp32("x", [1, 4], 0, 1, -2, 0.5f)]));

        Assert.Equal([1, 2, -1, 1.5f], Payloads.ToFloats(output));
    }

    [Theory]
    [InlineData(0, 1, 2, 0)]
    [InlineData(0, 2, 2, 1)]
    [InlineData(0, 2, 8, 4)]
    [InlineData(0, 3, 2, 1)]
    [InlineData(3, 2, 8, 3)]
    public void ForExecutors_DividesCoresUnlessThreadsAreSet(int threads, int executors, int cores, int expected)
    {
        var options = new OnnxModelOptions { IntraOpNumThreads = threads, AllowSpinning = false };

        var divided = options.ForExecutors(executors, cores);

        Assert.Equal(expected, divided.IntraOpNumThreads);
        Assert.False(divided.AllowSpinning);
    }

    [Fact]
    public void Run_Scale_MultipliesEveryElement()
    {
        using var model = Load(TestOnnxModels.Scale(2f));

        var output = Assert.Single(model.Run([Payloads.Fp32("x", [1, 4], 1.5f, -2, 0, 3)]));

        Assert.Equal([3, -4, 0, 6], Payloads.ToFloats(output));
    }

    [Fact]
    public void Run_WithTimings_ReportsInputInferAndOutputPhases()
    {
        using var model = Load(TestOnnxModels.Scale(2f));

        var output = Assert.Single(model.Run([Payloads.Fp32("x", [1, 4], 1.5f, -2, 0, 3)], null, out var timings));

        Assert.Equal([3, -4, 0, 6], Payloads.ToFloats(output));
        Assert.True(timings.InputNs > 0, $"input {timings.InputNs} ns");
        Assert.True(timings.InferNs > 0, $"infer {timings.InferNs} ns");
        Assert.True(timings.OutputNs > 0, $"output {timings.OutputNs} ns");
    }

    [Fact]
    public void Run_NoOutputsRequested_ReturnsAllInGraphOrder()
    {
        using var model = Load(TestOnnxModels.SumAndProduct());

        var outputs = model.Run(SumAndProductInputs(), outputs: null);

        Assert.Equal(["sum", "product"], outputs.Select(o => o.Name));
        Assert.Equal([6, 8, 10, 12], Payloads.ToFloats(outputs[0]));
        Assert.Equal([5, 12, 21, 32], Payloads.ToFloats(outputs[1]));
    }

    [Fact]
    public void Run_OutputsRequestedInReverse_ReturnsThemInRequestedOrder()
    {
        using var model = Load(TestOnnxModels.SumAndProduct());

        var outputs = model.Run(SumAndProductInputs(), ["product", "sum"]);

        Assert.Equal(["product", "sum"], outputs.Select(o => o.Name));
        Assert.Equal([5, 12, 21, 32], Payloads.ToFloats(outputs[0]));
        Assert.Equal([6, 8, 10, 12], Payloads.ToFloats(outputs[1]));
    }

    [Fact]
    public void Run_OneOutputRequested_ReturnsOnlyThatOutput()
    {
        using var model = Load(TestOnnxModels.SumAndProduct());

        var output = Assert.Single(model.Run(SumAndProductInputs(), ["product"]));

        Assert.Equal("product", output.Name);
        Assert.Equal([5, 12, 21, 32], Payloads.ToFloats(output));
    }

    [Fact]
    public void Run_ScalarInputBesideBatch_ScalesByScalar()
    {
        using var model = Load(TestOnnxModels.ScaleByScalar());

        var output = Assert.Single(model.Run([Payloads.Fp32("x", [1, 4], 1, 2, 3, 4), Payloads.Int64("sr", [], 3)]));

        Assert.Equal([3, 6, 9, 12], Payloads.ToFloats(output));
    }

    [Fact]
    public void Run_EmptyBatch_ReturnsEmptyOutput()
    {
        using var model = Load(TestOnnxModels.AddOne());

        var output = Assert.Single(model.Run([new TensorPayload("x", TensorDataType.Fp32, [0, 4], ReadOnlyMemory<byte>.Empty)]));

        Assert.Equal(new long[] { 0, 4 }, output.Shape);
        Assert.Equal(0, output.Data.Length);
    }

    [Fact]
    public void Run_InputIsUnalignedSliceOfLargerArray_ReadsOnlyTheSlice()
    {
        using var model = Load(TestOnnxModels.AddOne());
        var values = Payloads.Fp32("x", [1, 4], 1, 2, 3, 4).Data.ToArray();
        var buffer = new byte[3 + values.Length + 5];
        Array.Fill(buffer, (byte)0xFF);
        values.CopyTo(buffer, 3);

        var output = Assert.Single(model.Run([new TensorPayload("x", TensorDataType.Fp32, [1, 4], buffer.AsMemory(3, values.Length))]));

        Assert.Equal([2, 3, 4, 5], Payloads.ToFloats(output));
    }

    [Fact]
    public void Run_InputBackedByMemoryManager_ReadsItsData()
    {
        using var model = Load(TestOnnxModels.AddOne());
        using var memory = new ArrayMemoryManager(Payloads.Fp32("x", [1, 4], 1, 2, 3, 4).Data.ToArray());

        var output = Assert.Single(model.Run([new TensorPayload("x", TensorDataType.Fp32, [1, 4], memory.Memory)]));

        Assert.Equal([2, 3, 4, 5], Payloads.ToFloats(output));
    }

    [Fact]
    public async Task Run_ConcurrentCallsFromManyThreads_EachGetsItsOwnResult()
    {
        using var model = Load(TestOnnxModels.Scale(2f));
        const int Threads = 8;
        const int CallsPerThread = 50;
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var call = 0; call < CallsPerThread; call++)
                {
                    float seed = (thread * 1000) + call;
                    var output = Assert.Single(model.Run([Payloads.Fp32("x", [1, 4], seed, seed + 1, seed + 2, seed + 3)]));
                    Assert.Equal([seed * 2, (seed + 1) * 2, (seed + 2) * 2, (seed + 3) * 2], Payloads.ToFloats(output));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Run_BytesPrefixesDoNotAddUp_ThrowsInvalidArgumentNamingInput()
    {
        using var model = Load(TestOnnxModels.Identity(TensorDataType.Bytes, "N"));
        var data = BytesTensorData.Encode([1, 2], [3]);

        var ex = Assert.Throws<InferenceException>(() => model.Run([new TensorPayload("x", TensorDataType.Bytes, [3], data)]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("input 'x' has BYTES data whose length prefixes do not add up to its 3 elements", ex.Message);
    }

    [Fact]
    public void Run_WrongRankPastValidation_ThrowsInvalidArgumentFromOnnxRuntime()
    {
        using var model = Load(TestOnnxModels.AddOne());

        var ex = Assert.Throws<InferenceException>(() => model.Run([Payloads.Fp32("x", [4], 1, 2, 3, 4)]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith("the model rejected inputs x [4]: Invalid rank for input: x", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ErrorCode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AfterDispose_ThrowsObjectDisposed()
    {
        var model = Load(TestOnnxModels.AddOne());
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Run([Payloads.Fp32("x", [1, 4], 1, 2, 3, 4)]));
    }

    [Fact]
    public void Load_PreferCudaWithoutCuda_RunsOnCpuAndLogsWhy()
    {
        var logger = new RecordingLogger();
        var path = models.Write(TestOnnxModels.AddOne());

        using var model = OnnxModel.Load(path, new OnnxModelOptions { PreferCuda = true }, logger);

        // The CPU package says it has no CUDA; the GPU package on a machine without a device
        // says CUDA could not take the model. Either way the reason follows the colon.
        Assert.Equal("CPU", model.ExecutionProvider);
        Assert.Contains(
            logger.Entries,
            e => e.Level == LogLevel.Information && e.Message.StartsWith($"Model {path} runs on CPU: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CudaNotPreferred_RunsOnCpu()
    {
        using var model = Load(TestOnnxModels.AddOne());

        Assert.Equal("CPU", model.ExecutionProvider);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        var path = Path.Combine(models.Root, "absent", "model.onnx");

        var ex = Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(path, CpuOptions, NullLogger.Instance));

        Assert.Equal($"model file '{path}' does not exist", ex.Message);
        Assert.Equal(path, ex.FileName);
    }

    [Fact]
    public void Load_InvalidModelBytes_ThrowsInvalidDataNamingPath()
    {
        var path = Path.Combine(models.Root, "garbage.onnx");
        Directory.CreateDirectory(models.Root);
        File.WriteAllBytes(path, [0x0A, 0xFF, 0xFF, 0x01, 0x02, 0x03]);

        var ex = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(path, CpuOptions, NullLogger.Instance));

        Assert.StartsWith($"ONNX Runtime cannot load model '{path}': ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InputOfUnsupportedElementType_ThrowsInvalidDataNamingTensor()
    {
        var path = models.Write(TestOnnxModels.Identity(OnnxElementType.BFloat16, 2));

        var ex = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(path, CpuOptions, NullLogger.Instance));

        Assert.Equal(
            $"model '{path}' cannot be served: tensor 'x' has ONNX element type BFloat16, which the Open Inference Protocol cannot carry",
            ex.Message);
    }

    private static TensorPayload[] SumAndProductInputs() =>
    [
        Payloads.Fp32("a", [1, 4], 1, 2, 3, 4),
        Payloads.Fp32("b", [1, 4], 5, 6, 7, 8),
    ];

    /// <summary>Deterministic data for <paramref name="count"/> elements; BOOL stays 0/1, BYTES includes an empty and a non-UTF-8 element.</summary>
    private static byte[] SampleData(TensorDataType dataType, int count)
    {
        if (dataType == TensorDataType.Bytes)
        {
            return BytesTensorData.Encode(
                "hello"u8.ToArray(), [], [0xFF, 0x00, 0xFE], "ünïcødé"u8.ToArray(), [42], new byte[300]);
        }

        var random = new Random(17);
        var data = new byte[count * dataType.ElementSize()];
        random.NextBytes(data);
        if (dataType == TensorDataType.Bool)
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(data[i] & 1);
            }
        }

        return data;
    }

    private OnnxModel Load(OnnxModelBuilder builder) => OnnxModel.Load(models.Write(builder), CpuOptions, NullLogger.Instance);

    // Memory that is not an array; pinning it would need a raw pointer, which the engine avoids.
    private sealed class ArrayMemoryManager(byte[] array) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => array;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("the engine copies memory it cannot pin as an array");

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
