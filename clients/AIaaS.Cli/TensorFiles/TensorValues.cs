using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using AIaaS.Tensors;

namespace AIaaS.Cli.TensorFiles;

/// <summary>
/// A tensor's elements as invariant text in row-major order: numbers in their shortest
/// round-trip form (valid JSON numbers when finite), booleans as <c>true</c>/<c>false</c>,
/// BYTES elements as their UTF-8 text.
/// </summary>
internal static class TensorValues
{
    public static IEnumerable<string> Format(TensorPayload tensor)
    {
        var data = tensor.Data;
        var type = tensor.DataType;
        if (type == TensorDataType.Bytes)
        {
            for (var offset = 0; offset + 4 <= data.Length;)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(data.Span[offset..]);
                offset += 4;
                yield return Encoding.UTF8.GetString(data.Span.Slice(offset, length));
                offset += length;
            }

            yield break;
        }

        var size = type.ElementSize();
        for (var offset = 0; offset + size <= data.Length; offset += size)
        {
            yield return FormatOne(type, data.Span.Slice(offset, size));
        }
    }

    private static string FormatOne(TensorDataType type, ReadOnlySpan<byte> e) => type switch
    {
        TensorDataType.Bool => e[0] != 0 ? "true" : "false",
        TensorDataType.UInt8 => e[0].ToString(CultureInfo.InvariantCulture),
        TensorDataType.Int8 => ((sbyte)e[0]).ToString(CultureInfo.InvariantCulture),
        TensorDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.Fp16 => BinaryPrimitives.ReadHalfLittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.Fp32 => BinaryPrimitives.ReadSingleLittleEndian(e).ToString(CultureInfo.InvariantCulture),
        TensorDataType.Fp64 => BinaryPrimitives.ReadDoubleLittleEndian(e).ToString(CultureInfo.InvariantCulture),
        _ => "?",
    };
}
