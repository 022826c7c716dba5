using System.Buffers.Binary;
using AIaaS.Cli.Bench;
using AIaaS.Tensors;

namespace AIaaS.Cli.Tests.Bench;

/// <summary>Bench inputs from a model's declared inputs: shapes from the batch size and <c>--shape</c>, seeded data.</summary>
public sealed class SyntheticInputsTests
{
    private static readonly TensorSpec Cls = new("x", TensorDataType.Fp32, [-1, 3, -1, -1]);

    [Fact(Timeout = 10_000)]
    public async Task Create_FixedDimensions_BatchAxisTakesBatchSize()
    {
        await Task.Yield();

        var tensor = SyntheticInputs.Create([new TensorSpec("x", TensorDataType.Fp32, [-1, 16])], batchSize: 4, [], seed: 1).Single();

        Assert.Equal([4, 16], tensor.Shape);
        Assert.Equal(4 * 16 * 4, tensor.Data.Length);
        Assert.All(tensor.ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_ShapeWithoutBatchAxis_FillsTheDynamicDimensions()
    {
        await Task.Yield();

        var tensor = SyntheticInputs.Create([Cls], batchSize: 2, [new InputShape("x", [3, 48, 192])], seed: 1).Single();

        Assert.Equal([2, 3, 48, 192], tensor.Shape);
        Assert.Equal(2 * 3 * 48 * 192 * 4, tensor.Data.Length);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_DynamicDimensionWithoutShape_NamesTheInputAndTheOption()
    {
        await Task.Yield();

        var error = Assert.Throws<BenchInputException>(() => SyntheticInputs.Create([Cls], 1, [], seed: 1));

        Assert.Contains("input 'x' [-1,3,-1,-1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("--shape x:3,N,N", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_ShapeIncludingTheBatchAxis_SaysToLeaveItOut()
    {
        await Task.Yield();

        var error = Assert.Throws<BenchInputException>(() => SyntheticInputs.Create([Cls], 1, [new InputShape("x", [1, 3, 48, 192])], seed: 1));

        Assert.Contains("takes 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("--batch-size", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_ShapeAgainstAFixedDimension_NamesTheDimension()
    {
        await Task.Yield();

        var error = Assert.Throws<BenchInputException>(() => SyntheticInputs.Create([Cls], 1, [new InputShape("x", [4, 48, 192])], seed: 1));

        Assert.Contains("dimension 1 of input 'x' [-1,3,-1,-1] is fixed at 3, not 4", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_ShapeOfAnUnknownInput_ListsTheInputs()
    {
        await Task.Yield();

        var error = Assert.Throws<BenchInputException>(() => SyntheticInputs.Create([Cls], 1, [new InputShape("y", [3, 48, 192])], seed: 1));

        Assert.Contains("--shape y:3,48,192 names no input", error.Message, StringComparison.Ordinal);
        Assert.Contains("its inputs are x", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_BatchSizeWithoutBatchAxis_Fails()
    {
        await Task.Yield();

        var error = Assert.Throws<BenchInputException>(() =>
            SyntheticInputs.Create([new TensorSpec("sr", TensorDataType.Int64, [])], batchSize: 2, [], seed: 1));

        Assert.Contains("--batch-size 2", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_NoBatchAxis_TakesTheFullShapeAndScalars()
    {
        await Task.Yield();
        TensorSpec[] specs = [new("state", TensorDataType.Fp32, [2, -1, 128]), new("sr", TensorDataType.Int64, [])];

        var tensors = SyntheticInputs.Create(specs, 1, [new InputShape("state", [2, 1, 128])], seed: 1);

        Assert.Equal([2, 1, 128], tensors[0].Shape);
        Assert.Empty(tensors[1].Shape);
        Assert.InRange(tensors[1].ToArray<long>()[0], 0, 99);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_SameSeed_SameBytes_OtherSeed_OtherBytes()
    {
        await Task.Yield();
        var shape = new InputShape("x", [3, 8, 8]);

        var a = SyntheticInputs.Create([Cls], 1, [shape], seed: 7).Single();
        var b = SyntheticInputs.Create([Cls], 1, [shape], seed: 7).Single();
        var c = SyntheticInputs.Create([Cls], 1, [shape], seed: 8).Single();

        Assert.True(a.Data.Span.SequenceEqual(b.Data.Span));
        Assert.False(a.Data.Span.SequenceEqual(c.Data.Span));
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_Bytes_EightLetterElementsWithLengthPrefix()
    {
        await Task.Yield();

        var tensor = SyntheticInputs.Create([new TensorSpec("text", TensorDataType.Bytes, [-1, 2])], 1, [], seed: 1).Single();

        Assert.Equal(2 * (4 + 8), tensor.Data.Length);
        Assert.Equal(8, BinaryPrimitives.ReadInt32LittleEndian(tensor.Data.Span));
        Assert.All(tensor.Data.Span[4..12].ToArray(), b => Assert.InRange(b, (byte)'a', (byte)'z'));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("x:3,48,192", "x", new long[] { 3, 48, 192 })]
    [InlineData("input:0:1,2", "input:0", new long[] { 1, 2 })]
    public async Task InputShapeTryParse_NameAndDimensions_Parses(string text, string name, long[] dims)
    {
        await Task.Yield();

        Assert.True(InputShape.TryParse(text, out var shape, out var error), error);
        Assert.Equal(name, shape.Name);
        Assert.Equal(dims, shape.Dimensions);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("x")]
    [InlineData(":3")]
    [InlineData("x:")]
    [InlineData("x:3,0")]
    [InlineData("x:3,-1")]
    [InlineData("x:3,a")]
    public async Task InputShapeTryParse_Malformed_Fails(string text)
    {
        await Task.Yield();

        Assert.False(InputShape.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }
}
