using System.Text;
using AIaaS.Cli.TensorFiles;
using AIaaS.Tensors;

namespace AIaaS.Cli.Tests.TensorFiles;

/// <summary>The CLI's JSON tensor files: an object with shape/datatype/data, or a bare nested array.</summary>
public sealed class JsonTensorReaderTests
{
    [Fact(Timeout = 10_000)]
    public async Task Read_BareNestedArray_IsFp32WithNestingAsShape()
    {
        await Task.Yield();
        var tensor = JsonTensorReader.Read("x", "[[1, 2, 3], [4.5, 5, 6]]"u8, "x.json");

        Assert.Equal(TensorDataType.Fp32, tensor.DataType);
        Assert.Equal([2, 3], tensor.Shape);
        Assert.Equal([1f, 2f, 3f, 4.5f, 5f, 6f], tensor.ToArray<float>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_ObjectWithInt64Scalar_KeepsDatatypeAndEmptyShape()
    {
        await Task.Yield();
        var tensor = JsonTensorReader.Read("sr", Encoding.UTF8.GetBytes("""{"shape": [], "datatype": "INT64", "data": 16000}"""), "sr.json");

        Assert.Equal(TensorDataType.Int64, tensor.DataType);
        Assert.Empty(tensor.Shape);
        Assert.Equal([16000L], tensor.ToArray<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_RaggedOrMismatchedShape_ThrowsNamingTheProblem()
    {
        await Task.Yield();
        var ragged = Assert.Throws<TensorFileException>(() => JsonTensorReader.Read("x", "[[1, 2], [3]]"u8, "x.json"));
        var mismatch = Assert.Throws<TensorFileException>(() => JsonTensorReader.Read("x", """{"shape": [2, 2], "data": [1, 2, 3]}"""u8, "x.json"));

        Assert.Contains("ragged", ragged.Message, StringComparison.Ordinal);
        Assert.Contains("holds 4 elements but the data has 3", mismatch.Message, StringComparison.Ordinal);
    }
}
