using AIaaS.Inference.Execution;
using AIaaS.Models;
using AIaaS.Tensors;
using AIaaS.Testing.Onnx;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Inference.Tests.Execution;

/// <summary>Config <c>input</c>/<c>output</c> declarations applied to a graph's signature.</summary>
public sealed class DeclaredSignatureTests : IDisposable
{
    private static readonly ModelSignature Cls = new(
        [new TensorSpec("x", TensorDataType.Fp32, [-1, 3, -1, -1])],
        [new TensorSpec("y", TensorDataType.Fp32, [-1, 2])]);

    private readonly TemporaryModelDirectory models = new();

    public void Dispose() => models.Dispose();

    [Fact]
    public void Apply_NoDeclarations_GraphSignature()
    {
        var declared = DeclaredSignature.Apply(Cls, new ModelConfig { Name = "m", MaxBatchSize = 8 });

        Assert.Equal([-1L, 3, -1, -1], declared.Signature.Inputs[0].Shape);
        Assert.False(declared.Reshapes);
    }

    [Fact]
    public void Apply_DimsNarrowOpenDimensions_BatchAxisAdded()
    {
        var declared = DeclaredSignature.Apply(Cls, Config(8, Input("x", "TYPE_FP32", [3, 48, 192])));

        Assert.Equal([-1L, 3, 48, 192], declared.Signature.Inputs[0].Shape);
        Assert.Equal([-1L, 2], declared.Signature.Outputs[0].Shape);
    }

    [Fact]
    public void Apply_DeclaredOpenWhereGraphFixed_KeepsGraphsValue()
    {
        var declared = DeclaredSignature.Apply(Cls, Config(8, Input("x", "TYPE_FP32", [-1, 48, -1])));

        Assert.Equal([-1L, 3, 48, -1], declared.Signature.Inputs[0].Shape);
    }

    [Fact]
    public void Apply_MultipleOf_CarriedOnTheSpec()
    {
        var declared = DeclaredSignature.Apply(Cls, Config(8, Input("x", "TYPE_FP32", [3, -1, -1]) with { MultipleOf = 32 }));

        Assert.Equal(32, declared.Signature.Inputs[0].MultipleOf);
    }

    [Fact]
    public void Apply_NoBatchAxis_DimsAreTheWholeShape()
    {
        var graph = new ModelSignature([new TensorSpec("x", TensorDataType.Fp32, [-1, 4])], []);

        var declared = DeclaredSignature.Apply(graph, Config(0, Input("x", "TYPE_FP32", [2, 4])));

        Assert.Equal([2L, 4], declared.Signature.Inputs[0].Shape);
    }

    [Fact]
    public void Apply_DeclarationsTheGraphContradicts_EveryErrorNamingTheField()
    {
        var config = Config(8,
            Input("image", "TYPE_FP32", [3, 48, 192]),
            Input("x", "TYPE_INT64", [3, 48, 192])) with
        {
            Output = [Input("y", "TYPE_FP32", [3]), Input("z", "TYPE_FP32", [2])],
        };

        var ex = Assert.Throws<InvalidDataException>(() => DeclaredSignature.Apply(Cls, config));

        Assert.Contains("input[0] 'image' is not an input of the graph, whose inputs are x", ex.Message, StringComparison.Ordinal);
        Assert.Contains("input[1] 'x' has data_type TYPE_INT64 but the graph's is TYPE_FP32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("output[0] 'y' dimension 1 is 3 but the graph's is 2 ([-1,2])", ex.Message, StringComparison.Ordinal);
        Assert.Contains("output[1] 'z' is not an output of the graph", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_AnotherRank_Refused()
    {
        var ex = Assert.Throws<InvalidDataException>(() => DeclaredSignature.Apply(Cls, Config(8, Input("x", "TYPE_FP32", [3, 48]))));

        Assert.Contains("input[0] 'x' has [-1,3,48] (batch axis included) but the graph's is [-1,3,-1,-1]: another rank", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reshape_CallerShapeToGraphAndBack_SameBytesRightShapes()
    {
        // The graph takes x [N, 4]; callers send [N, 2, 2] and receive y as [N, 2, 2].
        using var model = OnnxModel.Load(models.Write(TestOnnxModels.AddOne()), new OnnxModelOptions { PreferCuda = false }, NullLogger.Instance);
        var config = Config(8, Input("x", "TYPE_FP32", [2, 2]) with { Reshape = new ModelTensorReshape { Shape = [4] } }) with
        {
            Output = [Input("y", "TYPE_FP32", [2, -1]) with { Reshape = new ModelTensorReshape { Shape = [-1] } }],
        };
        var declared = DeclaredSignature.Apply(model.Signature, config);
        var input = Payloads.Fp32("x", [3, 2, 2], 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

        var graphInputs = declared.ToGraph([input]);
        var outputs = declared.FromGraph(model.Run(graphInputs));

        Assert.Equal([-1L, 2, 2], declared.Signature.Inputs[0].Shape);
        Assert.Equal([3L, 4], graphInputs[0].Shape);
        Assert.Equal([3L, 2, 2], outputs[0].Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], Payloads.ToFloats(outputs[0]));
    }

    private static ModelConfig Config(int maxBatchSize, params ModelTensorConfig[] inputs) =>
        new() { Name = "m", MaxBatchSize = maxBatchSize, Input = inputs };

    private static ModelTensorConfig Input(string name, string type, long[] dims) => new() { Name = name, DataType = type, Dims = dims };
}
