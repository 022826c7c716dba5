using System.Runtime.InteropServices;

namespace AIaaS.Inference.Onnx;

/// <summary>
/// Builds small ONNX models in code: the heads the service trains (a text classifier's linear
/// layer) and the models tests check batching, errors and datatypes with, without python or
/// downloaded files. Writes the ONNX protobuf directly (IR version 8, default-domain opset 13
/// unless told otherwise).
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
