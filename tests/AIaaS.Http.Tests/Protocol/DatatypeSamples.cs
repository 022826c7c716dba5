using System.Buffers.Binary;
using System.Text;
using AIaaS.Testing;

namespace AIaaS.Http.Tests.Protocol;

/// <summary>
/// One tensor of every protocol datatype as its binary tensor bytes (little-endian, row-major;
/// BYTES as 4-byte length then bytes), with edge values: extremes, negative zero, NaN, infinity,
/// empty and non-UTF-8 strings.
/// </summary>
internal static class DatatypeSamples
{
    public static TheoryData<string, long[], byte[]> All => new()
    {
        { "BOOL", [2, 2], [1, 0, 0, 1] },
        { "UINT8", [4], [0, 1, 127, 255] },
        { "UINT16", [3], Pack<ushort>([0, 0x1234, ushort.MaxValue], 2, BinaryPrimitives.WriteUInt16LittleEndian) },
        { "UINT32", [3], Pack<uint>([0, 0x12345678, uint.MaxValue], 4, BinaryPrimitives.WriteUInt32LittleEndian) },
        { "UINT64", [3], Pack<ulong>([0, 0x0123456789ABCDEF, ulong.MaxValue], 8, BinaryPrimitives.WriteUInt64LittleEndian) },
        { "INT8", [4], [0x80, 0xFF, 0x00, 0x7F] },
        { "INT16", [3], Pack<short>([short.MinValue, -2, short.MaxValue], 2, BinaryPrimitives.WriteInt16LittleEndian) },
        { "INT32", [1, 3], Pack<int>([int.MinValue, -2, int.MaxValue], 4, BinaryPrimitives.WriteInt32LittleEndian) },
        { "INT64", [3, 1], Pack<long>([long.MinValue, -2, long.MaxValue], 8, BinaryPrimitives.WriteInt64LittleEndian) },
        { "FP16", [4], Pack<Half>([(Half)1.5, Half.NegativeZero, Half.MaxValue, Half.NaN], 2, BinaryPrimitives.WriteHalfLittleEndian) },
        { "FP32", [2, 2], Pack<float>([0.1f, -0f, float.PositiveInfinity, float.NaN], 4, BinaryPrimitives.WriteSingleLittleEndian) },
        { "FP64", [3], Pack<double>([Math.PI, double.Epsilon, double.NegativeInfinity], 8, BinaryPrimitives.WriteDoubleLittleEndian) },
        { "BYTES", [2, 2], BytesTensorData.Encode(Encoding.UTF8.GetBytes("abc"), [], Encoding.UTF8.GetBytes("héllo"), [0x00, 0xFF, 0xFE]) },
    };

    public static byte[] Floats(params float[] values) => Pack(values, 4, BinaryPrimitives.WriteSingleLittleEndian);

    public static byte[] Int64s(params long[] values) => Pack(values, 8, BinaryPrimitives.WriteInt64LittleEndian);

    private delegate void Writer<T>(Span<byte> destination, T value);

    private static byte[] Pack<T>(T[] values, int size, Writer<T> write)
    {
        var data = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            write(data.AsSpan(i * size, size), values[i]);
        }

        return data;
    }
}
