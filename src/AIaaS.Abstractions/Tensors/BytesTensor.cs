using System.Buffers.Binary;
using System.Text;

namespace AIaaS.Tensors;

/// <summary>
/// BYTES tensors as the runtime carries them: each element a 4-byte little-endian length, then
/// its bytes (Triton's binary layout), elements in row-major order.
/// </summary>
public static class BytesTensor
{
    /// <summary>A BYTES tensor of the given elements.</summary>
    public static TensorPayload Create(string name, long[] shape, IReadOnlyList<ReadOnlyMemory<byte>> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var total = 0;
        foreach (var element in elements)
        {
            total = checked(total + sizeof(uint) + element.Length);
        }

        var data = new byte[total];
        var offset = 0;
        foreach (var element in elements)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(offset), (uint)element.Length);
            offset += sizeof(uint);
            element.Span.CopyTo(data.AsSpan(offset));
            offset += element.Length;
        }

        return new TensorPayload(name, TensorDataType.Bytes, shape, data);
    }

    /// <summary>A BYTES tensor of UTF-8 strings.</summary>
    public static TensorPayload CreateStrings(string name, long[] shape, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Create(name, shape, [.. values.Select(v => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(v))]);
    }

    /// <summary>Each element's bytes, as slices of the tensor's memory (no copy).</summary>
    /// <exception cref="FormatException">The tensor is not BYTES, or its length prefixes do not add up to its elements.</exception>
    public static ReadOnlyMemory<byte>[] ReadElements(TensorPayload tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != TensorDataType.Bytes)
        {
            throw new FormatException($"tensor '{tensor.Name}' is {tensor.DataType.ToProtocolName()}, not BYTES");
        }

        var count = tensor.ElementCount;
        if (count is < 0 or > int.MaxValue)
        {
            throw new FormatException($"tensor '{tensor.Name}' has {count} elements");
        }

        var elements = new ReadOnlyMemory<byte>[(int)count];
        var data = tensor.Data;
        var offset = 0;
        for (var i = 0; i < elements.Length; i++)
        {
            if (data.Length - offset < sizeof(uint))
            {
                throw Mismatch(tensor);
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data.Span[offset..]);
            offset += sizeof(uint);
            if (length > (uint)(data.Length - offset))
            {
                throw Mismatch(tensor);
            }

            elements[i] = data.Slice(offset, (int)length);
            offset += (int)length;
        }

        return offset == data.Length ? elements : throw Mismatch(tensor);
    }

    /// <summary>Each element decoded as UTF-8.</summary>
    /// <exception cref="FormatException">As <see cref="ReadElements"/>.</exception>
    public static string[] ReadStrings(TensorPayload tensor) =>
        [.. ReadElements(tensor).Select(e => Encoding.UTF8.GetString(e.Span))];

    private static FormatException Mismatch(TensorPayload tensor) =>
        new($"tensor '{tensor.Name}' has BYTES data whose length prefixes do not add up to its {tensor.ElementCount} elements");
}
