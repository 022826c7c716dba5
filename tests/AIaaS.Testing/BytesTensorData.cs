using AIaaS.Tensors;

namespace AIaaS.Testing;

/// <summary>The protocol's BYTES layout, shared by every test that builds string tensors.</summary>
public static class BytesTensorData
{
    /// <summary>Each element as a 4-byte little-endian length, then its bytes (<see cref="BytesTensorCodec"/>).</summary>
    public static byte[] Encode(params byte[][] elements) => BytesTensorCodec.Encode(elements);
}
