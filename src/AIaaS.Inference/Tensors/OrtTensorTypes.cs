using AIaaS.Tensors;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AIaaS.Inference.Tensors;

/// <summary>Maps ONNX Runtime element types to the protocol's datatypes and back.</summary>
internal static class OrtTensorTypes
{
    /// <summary>
    /// The protocol datatype of an ONNX element type. Types the protocol cannot carry (bfloat16,
    /// complex, 4-bit and 8-bit floats) fail here, naming the tensor, so a model that declares
    /// one is refused at load rather than at its first request.
    /// </summary>
    public static TensorDataType ToDataType(TensorElementType type, string tensorName) => type switch
    {
        TensorElementType.Bool => TensorDataType.Bool,
        TensorElementType.UInt8 => TensorDataType.UInt8,
        TensorElementType.UInt16 => TensorDataType.UInt16,
        TensorElementType.UInt32 => TensorDataType.UInt32,
        TensorElementType.UInt64 => TensorDataType.UInt64,
        TensorElementType.Int8 => TensorDataType.Int8,
        TensorElementType.Int16 => TensorDataType.Int16,
        TensorElementType.Int32 => TensorDataType.Int32,
        TensorElementType.Int64 => TensorDataType.Int64,
        TensorElementType.Float16 => TensorDataType.Fp16,
        TensorElementType.Float => TensorDataType.Fp32,
        TensorElementType.Double => TensorDataType.Fp64,
        TensorElementType.String => TensorDataType.Bytes,
        _ => throw new NotSupportedException(
            $"tensor '{tensorName}' has ONNX element type {type}, which the Open Inference Protocol cannot carry"),
    };

    public static TensorElementType ToElementType(TensorDataType type) => type switch
    {
        TensorDataType.Bool => TensorElementType.Bool,
        TensorDataType.UInt8 => TensorElementType.UInt8,
        TensorDataType.UInt16 => TensorElementType.UInt16,
        TensorDataType.UInt32 => TensorElementType.UInt32,
        TensorDataType.UInt64 => TensorElementType.UInt64,
        TensorDataType.Int8 => TensorElementType.Int8,
        TensorDataType.Int16 => TensorElementType.Int16,
        TensorDataType.Int32 => TensorElementType.Int32,
        TensorDataType.Int64 => TensorElementType.Int64,
        TensorDataType.Fp16 => TensorElementType.Float16,
        TensorDataType.Fp32 => TensorElementType.Float,
        TensorDataType.Fp64 => TensorElementType.Double,
        TensorDataType.Bytes => TensorElementType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tensor datatype"),
    };
}
