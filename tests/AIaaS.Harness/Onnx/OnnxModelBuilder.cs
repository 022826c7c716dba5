using System.Runtime.InteropServices;
using AIaaS.Tensors;

namespace AIaaS.Testing.Onnx;

/// <summary>
/// Builds tiny ONNX models in code, so tests check batching, errors and datatypes exactly and
/// fast without python or downloaded files. Writes the ONNX protobuf directly (IR version 8,
/// default-domain opset 13 unless told otherwise).
/// </summary>
public sealed class OnnxModelBuilder
{
    private const long IrVersion = 8;

    private readonly List<Action<ProtobufWriter>> _inputs = [];
    private readonly List<Action<ProtobufWriter>> _outputs = [];
    private readonly List<Action<ProtobufWriter>> _nodes = [];
    private readonly List<Action<ProtobufWriter>> _initializers = [];
    private readonly string _graphName;
    private readonly long _opset;

    public OnnxModelBuilder(string graphName = "test", long opset = 13)
    {
        _graphName = graphName;
        _opset = opset;
    }

    /// <summary>A graph input; no dimensions declares a scalar.</summary>
    public OnnxModelBuilder Input(string name, OnnxElementType type, params OnnxDim[] shape)
    {
        _inputs.Add(ValueInfo(name, type, shape));
        return this;
    }

    public OnnxModelBuilder Output(string name, OnnxElementType type, params OnnxDim[] shape)
    {
        _outputs.Add(ValueInfo(name, type, shape));
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] nodeInputs, string[] nodeOutputs, params OnnxAttribute[] attributes)
    {
        var name = $"{opType.ToLowerInvariant()}_{_nodes.Count}";
        _nodes.Add(w =>
        {
            foreach (var input in nodeInputs)
            {
                w.String(1, input);
            }

            foreach (var output in nodeOutputs)
            {
                w.String(2, output);
            }

            w.String(3, name).String(4, opType);
            foreach (var attribute in attributes)
            {
                w.Message(5, attribute.Write);
            }
        });
        return this;
    }

    /// <summary>A constant tensor of any fixed-size type, given as raw little-endian bytes.</summary>
    public OnnxModelBuilder Initializer(string name, OnnxElementType type, long[] dims, byte[] rawData)
    {
        _initializers.Add(w =>
        {
            foreach (var dim in dims)
            {
                w.Int64(1, dim);
            }

            w.Int64(2, (long)type).String(8, name).Bytes(9, rawData);
        });
        return this;
    }

    public OnnxModelBuilder Initializer(string name, long[] dims, params float[] values) =>
        Initializer(name, OnnxElementType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public OnnxModelBuilder Initializer(string name, long[] dims, params long[] values) =>
        Initializer(name, OnnxElementType.Int64, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>The serialized <c>ModelProto</c>.</summary>
    public byte[] Build()
    {
        var model = new ProtobufWriter()
            .Int64(1, IrVersion)
            .String(2, "AIaaS.Testing")
            .Message(7, WriteGraph)
            .Message(8, w => w.String(1, string.Empty).Int64(2, _opset));
        return model.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>model.onnx</c> into <paramref name="directory"/> (created if needed) and returns its path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "model.onnx");
        File.WriteAllBytes(path, Build());
        return path;
    }

    /// <summary><c>y = x</c> for any element type and shape.</summary>
    public static OnnxModelBuilder Identity(OnnxElementType type, params OnnxDim[] shape) =>
        new OnnxModelBuilder("identity")
            .Input("x", type, shape)
            .Output("y", type, shape)
            .Node("Identity", ["x"], ["y"]);

    public static OnnxModelBuilder Identity(TensorDataType type, params OnnxDim[] shape) => Identity(type.ToOnnx(), shape);

    /// <summary><c>y = x + 1</c> over FP32 <c>x [N, width]</c>.</summary>
    public static OnnxModelBuilder AddOne(int width = 4) =>
        new OnnxModelBuilder("add_one")
            .Input("x", OnnxElementType.Float, "N", width)
            .Output("y", OnnxElementType.Float, "N", width)
            .Initializer("one", [], 1f)
            .Node("Add", ["x", "one"], ["y"]);

    /// <summary><c>y = x * factor</c> over FP32 <c>x [N, width]</c>.</summary>
    public static OnnxModelBuilder Scale(float factor = 2f, int width = 4) =>
        new OnnxModelBuilder("scale")
            .Input("x", OnnxElementType.Float, "N", width)
            .Output("y", OnnxElementType.Float, "N", width)
            .Initializer("factor", [], factor)
            .Node("Mul", ["x", "factor"], ["y"]);

    /// <summary>Two inputs, two outputs: FP32 <c>a, b [N, width]</c> to <c>sum = a + b</c> and <c>product = a * b</c>.</summary>
    public static OnnxModelBuilder SumAndProduct(int width = 4) =>
        new OnnxModelBuilder("sum_and_product")
            .Input("a", OnnxElementType.Float, "N", width)
            .Input("b", OnnxElementType.Float, "N", width)
            .Output("sum", OnnxElementType.Float, "N", width)
            .Output("product", OnnxElementType.Float, "N", width)
            .Node("Add", ["a", "b"], ["sum"])
            .Node("Mul", ["a", "b"], ["product"]);

    /// <summary>
    /// A batch-less scalar beside a batched input, as silero's <c>sr</c>: FP32 <c>x [N, width]</c>
    /// and INT64 scalar <c>sr</c> to <c>y = x * sr</c>.
    /// </summary>
    public static OnnxModelBuilder ScaleByScalar(int width = 4) =>
        new OnnxModelBuilder("scale_by_scalar")
            .Input("x", OnnxElementType.Float, "N", width)
            .Input("sr", OnnxElementType.Int64)
            .Output("y", OnnxElementType.Float, "N", width)
            .Node("Cast", ["sr"], ["sr_float"], OnnxAttribute.Int("to", (long)OnnxElementType.Float))
            .Node("Mul", ["x", "sr_float"], ["y"]);

    /// <summary>
    /// A stateful model shaped like silero, for exact checks of sessions and of stacking state on
    /// axis 1: FP32 <c>input [N, 1 + width]</c> (one carried sample, then <c>width</c> new ones),
    /// <c>state [2, N, 2]</c> and INT64 scalar <c>sr</c> to
    /// <c>output [N, 1] = sum(input row) * sr + sum(state of the row)</c> and
    /// <c>stateN [2, N, 2] = state + sum(input row)</c>.
    /// </summary>
    public static OnnxModelBuilder StatefulAccumulator(int width = 2) =>
        new OnnxModelBuilder("stateful_accumulator")
            .Input("input", OnnxElementType.Float, "N", 1 + width)
            .Input("state", OnnxElementType.Float, 2, "N", 2)
            .Input("sr", OnnxElementType.Int64)
            .Output("output", OnnxElementType.Float, "N", 1)
            .Output("stateN", OnnxElementType.Float, 2, "N", 2)
            .Initializer("row_axes", [1], 1L)
            .Initializer("state_axes", [2], 0L, 2L)
            .Node("ReduceSum", ["input", "row_axes"], ["row_sum"], OnnxAttribute.Int("keepdims", 1))
            .Node("ReduceSum", ["state", "state_axes"], ["state_sum"], OnnxAttribute.Int("keepdims", 0))
            .Node("Unsqueeze", ["state_sum", "row_axes"], ["state_column"])
            .Node("Cast", ["sr"], ["sr_float"], OnnxAttribute.Int("to", (long)OnnxElementType.Float))
            .Node("Mul", ["row_sum", "sr_float"], ["scaled"])
            .Node("Add", ["scaled", "state_column"], ["output"])
            .Node("Add", ["state", "row_sum"], ["stateN"]);

    // ValueInfoProto: name=1, type=2. TypeProto: tensor_type=1. TypeProto.Tensor: elem_type=1,
    // shape=2. TensorShapeProto: dim=1. Dimension: dim_value=1, dim_param=2.
    private static Action<ProtobufWriter> ValueInfo(string name, OnnxElementType type, OnnxDim[] shape) =>
        w => w.String(1, name).Message(2, t => t.Message(1, tensor => tensor
            .Int64(1, (long)type)
            .Message(2, s =>
            {
                foreach (var dim in shape)
                {
                    s.Message(1, d =>
                    {
                        if (dim.Symbol is not null)
                        {
                            d.String(2, dim.Symbol);
                        }
                        else if (dim.Value >= 0)
                        {
                            d.Int64(1, dim.Value);
                        }
                    });
                }
            })));

    // GraphProto: node=1, name=2, initializer=5, input=11, output=12.
    private void WriteGraph(ProtobufWriter w)
    {
        foreach (var node in _nodes)
        {
            w.Message(1, node);
        }

        w.String(2, _graphName);
        foreach (var initializer in _initializers)
        {
            w.Message(5, initializer);
        }

        foreach (var input in _inputs)
        {
            w.Message(11, input);
        }

        foreach (var output in _outputs)
        {
            w.Message(12, output);
        }
    }
}
