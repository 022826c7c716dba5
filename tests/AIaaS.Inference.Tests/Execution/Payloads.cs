using System.Buffers.Binary;
using System.Runtime.InteropServices;
using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Execution;

/// <summary>Builds and reads tensor payloads in tests.</summary>
internal static class Payloads
{
    public static TensorPayload Fp32(string name, long[] shape, params float[] values) =>
        new(name, TensorDataType.Fp32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static TensorPayload Int64(string name, long[] shape, params long[] values) =>
        new(name, TensorDataType.Int64, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static float[] ToFloats(TensorPayload payload) => MemoryMarshal.Cast<byte, float>(payload.Data.Span).ToArray();

    /// <summary>Encodes elements as the protocol's BYTES: a 4-byte little-endian length, then the bytes.</summary>
    public static byte[] EncodeBytes(params byte[][] elements)
    {
        var data = new byte[elements.Sum(e => 4 + e.Length)];
        var offset = 0;
        foreach (var element in elements)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(offset), element.Length);
            element.CopyTo(data, offset + 4);
            offset += 4 + element.Length;
        }

        return data;
    }
}
