using System.Diagnostics.CodeAnalysis;

namespace AIaaS.Tensors;

/// <summary>Protocol names and element sizes of <see cref="TensorDataType"/>.</summary>
public static class TensorDataTypes
{
    /// <summary>Size of one element in bytes; 0 for <see cref="TensorDataType.Bytes"/>, whose elements vary.</summary>
    public static int ElementSize(this TensorDataType type) => type switch
    {
        TensorDataType.Bool or TensorDataType.UInt8 or TensorDataType.Int8 => 1,
        TensorDataType.UInt16 or TensorDataType.Int16 or TensorDataType.Fp16 => 2,
        TensorDataType.UInt32 or TensorDataType.Int32 or TensorDataType.Fp32 => 4,
        TensorDataType.UInt64 or TensorDataType.Int64 or TensorDataType.Fp64 => 8,
        TensorDataType.Bytes => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tensor datatype"),
    };

    /// <summary>The protocol's name: <c>FP32</c>, <c>INT64</c>, <c>BYTES</c>...</summary>
    public static string ToProtocolName(this TensorDataType type) => type switch
    {
        TensorDataType.Bool => "BOOL",
        TensorDataType.UInt8 => "UINT8",
        TensorDataType.UInt16 => "UINT16",
        TensorDataType.UInt32 => "UINT32",
        TensorDataType.UInt64 => "UINT64",
        TensorDataType.Int8 => "INT8",
        TensorDataType.Int16 => "INT16",
        TensorDataType.Int32 => "INT32",
        TensorDataType.Int64 => "INT64",
        TensorDataType.Fp16 => "FP16",
        TensorDataType.Fp32 => "FP32",
        TensorDataType.Fp64 => "FP64",
        TensorDataType.Bytes => "BYTES",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tensor datatype"),
    };

    /// <summary>Parses a protocol name (case-sensitive, as the protocol spells it).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, [NotNullWhen(true)] out TensorDataType? type)
    {
        type = name switch
        {
            "BOOL" => TensorDataType.Bool,
            "UINT8" => TensorDataType.UInt8,
            "UINT16" => TensorDataType.UInt16,
            "UINT32" => TensorDataType.UInt32,
            "UINT64" => TensorDataType.UInt64,
            "INT8" => TensorDataType.Int8,
            "INT16" => TensorDataType.Int16,
            "INT32" => TensorDataType.Int32,
            "INT64" => TensorDataType.Int64,
            "FP16" => TensorDataType.Fp16,
            "FP32" => TensorDataType.Fp32,
            "FP64" => TensorDataType.Fp64,
            "BYTES" => TensorDataType.Bytes,
            _ => null,
        };
        return type is not null;
    }

    /// <summary>
    /// Parses a model configuration's type name, Triton's <c>TYPE_</c> and the protocol name
    /// (<c>TYPE_FP32</c> is FP32), with <c>TYPE_STRING</c> for BYTES.
    /// </summary>
    public static bool TryParseConfigName(string? name, [NotNullWhen(true)] out TensorDataType? type)
    {
        type = null;
        if (name is null || !name.StartsWith("TYPE_", StringComparison.Ordinal))
        {
            return false;
        }

        if (name == "TYPE_STRING")
        {
            type = TensorDataType.Bytes;
            return true;
        }

        return name != "TYPE_BYTES" && TryParse(name.AsSpan(5), out type);
    }

    /// <summary>The model configuration's name of a type: <c>TYPE_FP32</c>, <c>TYPE_STRING</c> for BYTES.</summary>
    public static string ToConfigName(this TensorDataType type) =>
        type == TensorDataType.Bytes ? "TYPE_STRING" : "TYPE_" + type.ToProtocolName();
}
