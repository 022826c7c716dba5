using System.Buffers.Binary;
using System.Text;

namespace AIaaS.Tensors;

/// <summary>
/// The one reader and writer of BYTES tensor data, the layout Triton and the Open Inference
/// Protocol's binary extension use: each element as a 4-byte little-endian length, then its bytes.
/// </summary>
/// <remarks>
/// The length rule, decided once: the prefix is an unsigned 32-bit integer (Triton writes
/// <c>uint32_t</c>), and a length is valid only when that many bytes follow it. A prefix above
/// <see cref="int.MaxValue"/> can never be followed by that many bytes in one .NET buffer, so it
/// is reported as an overrun like any other length past the end.
/// </remarks>
public static class BytesTensorCodec
{
    /// <summary>Bytes of the length that precedes every element.</summary>
    public const int LengthPrefixSize = sizeof(uint);

    /// <summary>Bytes one element of <paramref name="elementLength"/> bytes takes, prefix included.</summary>
    public static long EncodedLength(int elementLength) => LengthPrefixSize + (long)elementLength;

    /// <summary>Writes one element (prefix and bytes) at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> element)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)element.Length);
        element.CopyTo(destination[LengthPrefixSize..]);
        return LengthPrefixSize + element.Length;
    }

    /// <summary>The elements as one BYTES buffer.</summary>
    public static byte[] Encode(IReadOnlyList<byte[]> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        long total = 0;
        foreach (var element in elements)
        {
            total += EncodedLength(element.Length);
        }

        var data = new byte[checked((int)total)];
        var offset = 0;
        foreach (var element in elements)
        {
            offset += Write(data.AsSpan(offset), element);
        }

        return data;
    }

    /// <summary>The strings, UTF-8 encoded, as one BYTES buffer.</summary>
    public static byte[] Encode(IReadOnlyList<string> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        long total = 0;
        foreach (var element in elements)
        {
            total += EncodedLength(Encoding.UTF8.GetByteCount(element));
        }

        var data = new byte[checked((int)total)];
        var offset = 0;
        foreach (var element in elements)
        {
            var length = Encoding.UTF8.GetBytes(element, data.AsSpan(offset + LengthPrefixSize));
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(offset), (uint)length);
            offset += LengthPrefixSize + length;
        }

        return data;
    }

    /// <summary>
    /// Reads the element at <paramref name="offset"/> and moves past it. False, with the offset
    /// unchanged, when fewer than four bytes remain for the prefix or the length runs past the end.
    /// </summary>
    public static bool TryReadNext(ReadOnlySpan<byte> data, scoped ref int offset, out ReadOnlySpan<byte> element)
    {
        element = default;
        if ((uint)offset > (uint)data.Length || data.Length - offset < LengthPrefixSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        var start = offset + LengthPrefixSize;
        if (length > (uint)(data.Length - start))
        {
            return false;
        }

        element = data.Slice(start, (int)length);
        offset = start + (int)length;
        return true;
    }

    /// <summary>
    /// Walks <paramref name="data"/> and says whether it holds exactly <paramref name="expectedCount"/>
    /// well-formed elements, and where it first goes wrong when it does not. Allocates nothing.
    /// </summary>
    internal static BytesTensorLayout Inspect(ReadOnlySpan<byte> data, long expectedCount)
    {
        var offset = 0;
        long count = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < LengthPrefixSize)
            {
                return new BytesTensorLayout(BytesTensorLayoutStatus.TruncatedLength, count, offset, 0);
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            if (!TryReadNext(data, ref offset, out _))
            {
                return new BytesTensorLayout(BytesTensorLayoutStatus.LengthPastEnd, count, offset, length);
            }

            count++;
        }

        return count == expectedCount
            ? new BytesTensorLayout(BytesTensorLayoutStatus.Valid, count, offset, 0)
            : new BytesTensorLayout(BytesTensorLayoutStatus.CountMismatch, count, offset, 0);
    }

    /// <summary>The elements of data already known to be well-formed (<see cref="Inspect"/>).</summary>
    public static Enumerator Enumerate(ReadOnlySpan<byte> data) => new(data);

    /// <summary>Each element of a BYTES buffer in order; stops at the first malformed element.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _offset;

        internal Enumerator(ReadOnlySpan<byte> data)
        {
            _data = data;
            _offset = 0;
            Current = default;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (!TryReadNext(_data, ref _offset, out var element))
            {
                return false;
            }

            Current = element;
            return true;
        }
    }
}
