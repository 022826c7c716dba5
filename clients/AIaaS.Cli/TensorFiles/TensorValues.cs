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
            var offset = 0;
            while (NextString(data.Span, ref offset) is { } text)
            {
                yield return text;
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

    // An iterator cannot hold a span across yields: one element at a time.
    private static string? NextString(ReadOnlySpan<byte> data, ref int offset) =>
        BytesTensorCodec.TryReadNext(data, ref offset, out var element) ? Encoding.UTF8.GetString(element) : null;
}
