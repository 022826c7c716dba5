namespace AIaaS.Inference.Onnx;

/// <summary>A node attribute (<c>AttributeProto</c>): the few kinds tiny test graphs need.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, Action<ProtobufWriter> write)
    {
        Name = name;
        Write = write;
    }

    public string Name { get; }

    internal Action<ProtobufWriter> Write { get; }

    // AttributeProto: name=1, f=2, i=3, ints=8, type=20 (FLOAT=1, INT=2, INTS=7).
    public static OnnxAttribute Int(string name, long value) =>
        new(name, w => w.String(1, name).Int64(3, value).Int64(20, 2));

    public static OnnxAttribute Float(string name, float value) =>
        new(name, w => w.String(1, name).Float(2, value).Int64(20, 1));

    public static OnnxAttribute Ints(string name, params long[] values) =>
        new(name, w =>
        {
            w.String(1, name);
            foreach (var value in values)
            {
                w.Int64(8, value);
            }

            w.Int64(20, 7);
        });
}
