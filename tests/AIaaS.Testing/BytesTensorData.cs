using System.Buffers.Binary;

namespace AIaaS.Testing;

/// <summary>The protocol's BYTES layout, shared by every test that builds string tensors.</summary>
public static class BytesTensorData
{
    /// <summary>Each element as a 4-byte little-endian length, then its bytes.</summary>
    public static byte[] Encode(params byte[][] elements)
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
