using AIaaS.Tensors;

namespace AIaaS.Inference.Onnx;

/// <summary>Maps the protocol's datatypes to the ONNX element types a test model declares.</summary>
internal static class OnnxElementTypes
{
    public static OnnxElementType ToOnnx(this TensorDataType type) => type switch
    {
        TensorDataType.Bool => OnnxElementType.Bool,
        TensorDataType.UInt8 => OnnxElementType.UInt8,
        TensorDataType.UInt16 => OnnxElementType.UInt16,
        TensorDataType.UInt32 => OnnxElementType.UInt32,
        TensorDataType.UInt64 => OnnxElementType.UInt64,
        TensorDataType.Int8 => OnnxElementType.Int8,
        TensorDataType.Int16 => OnnxElementType.Int16,
        TensorDataType.Int32 => OnnxElementType.Int32,
        TensorDataType.Int64 => OnnxElementType.Int64,
        TensorDataType.Fp16 => OnnxElementType.Float16,
        TensorDataType.Fp32 => OnnxElementType.Float,
        TensorDataType.Fp64 => OnnxElementType.Double,
        TensorDataType.Bytes => OnnxElementType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tensor datatype"),
    };
}
