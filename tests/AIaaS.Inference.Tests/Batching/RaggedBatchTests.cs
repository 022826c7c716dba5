using AIaaS.Errors;
using AIaaS.Inference.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Tensors;
using AIaaS.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Inference.Tests.Batching;

/// <summary>
/// Ragged batching (<c>allow_ragged_batch</c>): requests of different lengths on axis 1 share a key,
/// are padded with zeros to the longest, and ragged outputs are cut back to each request's length.
/// </summary>
public sealed class RaggedBatchTests
{
    private static readonly BatchAxes Axes = BatchAxes.Ragged(["ids", "mask"], ["hidden"]);

    [Fact]
    public void Key_DifferentLengths_SameKey_OtherDimensionsStillPart()
    {
        var a = BatchKey.Create(Request(1, 3), null, Axes);
        var b = BatchKey.Create(Request(2, 5), null, Axes);
        var leading = BatchKey.Create(Request(1, 3), null);

        Assert.Equal(a, b);
        Assert.NotEqual(leading, BatchKey.Create(Request(2, 5), null));
        Assert.NotEqual(a, BatchKey.Create([Tensor.Create<long>("ids", [1, 3, 2], new long[6]), Tensor.Create<long>("mask", [1, 3, 2], new long[6])], null, Axes));
    }

    [Fact]
    public void Assemble_DifferentLengths_PadsWithZerosToTheLongest()
    {
        using var batch = BatchAssembler.Assemble([Request(1, 2, start: 10), Request(2, 3, start: 20)], axes: Axes);

        Assert.Equal([3, 3], batch.Inputs[0].Shape);
        Assert.Equal([10L, 11, 0, 20, 21, 22, 23, 24, 25], batch.Inputs[0].ToArray<long>());
        Assert.Equal([1L, 1, 0, 1, 1, 1, 1, 1, 1], batch.Inputs[1].ToArray<long>());
        Assert.Equal([2, 3], batch.RaggedLengths);
    }

    [Fact]
    public void Assemble_EqualLengths_ConcatenatesWithoutLengths()
    {
        using var batch = BatchAssembler.Assemble([Request(1, 2), Request(1, 2)], axes: Axes);

        Assert.Equal([2, 2], batch.Inputs[0].Shape);
        Assert.Null(batch.RaggedLengths);
    }

    [Fact]
    public void BatchSize_RaggedInputsOfOneRequestDisagree_IsInvalidArgument()
    {
        TensorPayload[] inputs = [Tensor.Create<long>("ids", [1, 2], new long[2]), Tensor.Create<long>("mask", [1, 3], new long[3])];

        var error = Assert.Throws<InferenceException>(() => BatchAssembler.BatchSizeOf(inputs, Axes));

        Assert.Equal("inputs 'ids' and 'mask' disagree on their ragged dimension 1 (2 and 3)", error.Message);
    }

    [Fact]
    public void Split_RaggedOutput_CutsEachRequestBackToItsLength()
    {
        // hidden [3 rows, longest 3, width 2]: request 0 has 1 row of length 2, request 1 two rows of length 3.
        float[] hidden = [1, 2, 3, 4, 99, 99, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        var outputs = BatchSplitter.Split(
            [Tensor.Create<float>("hidden", [3, 3, 2], hidden), Tensor.Create<float>("pooled", [3, 2], new float[6])],
            [1, 2], Axes, [2, 3]);

        Assert.Equal([1, 2, 2], outputs[0][0].Shape);
        Assert.Equal([1f, 2, 3, 4], outputs[0][0].ToArray<float>());
        Assert.Equal([2, 3, 2], outputs[1][0].Shape);
        Assert.Equal(hidden[6..], outputs[1][0].ToArray<float>());
        Assert.Equal([1, 2], outputs[0][1].Shape);
    }

    [Fact]
    public void Validate_RaggedWithoutBatchAxisOrOpenDimension_NamesTheField()
    {
        var config = new ModelConfig
        {
            Name = "m",
            MaxBatchSize = 0,
            Input = [new ModelTensorConfig { Name = "ids", DataType = "TYPE_INT64", Dims = [4], AllowRaggedBatch = true }],
        };

        Assert.Equal(
            [
                "input[0].allow_ragged_batch needs max_batch_size above 0 and no sequence_batching",
                "input[0].allow_ragged_batch pads the first dimension after the batch axis, which dims [4] must declare -1",
            ],
            ModelConfigValidator.Validate(config, "m"));
    }

    [Fact(Timeout = 60_000)]
    public async Task RealMiniLm_TwoLengthsInOneBatch_EqualEachAlone()
    {
        await Task.Yield();
        var config = ModelCatalog.Load(Path.Combine(RepositoryPaths.Models, ModelCatalog.FileName)).Find("minilm")!.Config;
        var axes = BatchAxes.FromConfig(config);
        using var model = OnnxModel.Load(Path.Combine(RepositoryPaths.RealModel("minilm"), "1", "model.onnx"), new OnnxModelOptions(), NullLogger.Instance);
        // [CLS] a man is playing a guitar . [SEP] and [CLS] hello [SEP], ids from the real vocabulary.
        var longer = Tokens(101, 1037, 2158, 2003, 2652, 1037, 2858, 1012, 102);
        var shorter = Tokens(101, 7592, 102);
        string[] hidden = ["last_hidden_state"];

        using var batch = BatchAssembler.Assemble([shorter, longer], axes: axes);
        var together = BatchSplitter.Split(model.Run(batch.Inputs, hidden), batch.BatchSizes, axes, batch.RaggedLengths);

        Assert.Equal([2, 9], batch.Inputs[0].Shape);
        Assert.Equal([3, 9], batch.RaggedLengths);
        AssertClose(model.Run(shorter, hidden)[0], together[0][0]);
        AssertClose(model.Run(longer, hidden)[0], together[1][0]);
    }

    private static void AssertClose(TensorPayload alone, TensorPayload batched)
    {
        Assert.Equal(alone.Shape, batched.Shape);
        var worst = alone.ToArray<float>().Zip(batched.ToArray<float>(), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-5, $"largest difference between alone and batched: {worst}");
    }

    private static TensorPayload[] Tokens(params long[] ids) =>
    [
        Tensor.Create<long>("input_ids", [1, ids.Length], ids),
        Tensor.Create<long>("attention_mask", [1, ids.Length], Enumerable.Repeat(1L, ids.Length).ToArray()),
        Tensor.Create<long>("token_type_ids", [1, ids.Length], new long[ids.Length]),
    ];

    private static TensorPayload[] Request(int rows, int length, long start = 0) =>
    [
        Tensor.Create<long>("ids", [rows, length], Enumerable.Range(0, rows * length).Select(i => start + i).ToArray()),
        Tensor.Create<long>("mask", [rows, length], Enumerable.Repeat(1L, rows * length).ToArray()),
    ];
}
