using System.Buffers.Binary;
using System.Text;

namespace AIaaS.Grains.Storage;

/// <summary>
/// The layout of a state file, all integers little-endian:
/// <c>"AIGS"</c>, format version (int32), ETag (16-byte GUID), grain id length (int32),
/// grain id (UTF-8), payload length (int32), payload (the grain storage serializer's bytes).
/// </summary>
/// <remarks>
/// The ETag sits at a fixed offset so a write can check it without reading the payload. The
/// lengths let a read tell a complete file from a damaged one: files are only ever replaced by
/// rename, so a mismatch means the disk, not a crash mid-write, and is reported, never ignored.
/// </remarks>
internal static class StateFileFormat
{
    public const int FormatVersion = 1;

    /// <summary>Bytes from the start of the file up to and including the ETag.</summary>
    public const int ETagPrefixLength = 24;

    private const int ETagOffset = 8;

    private static ReadOnlySpan<byte> Magic => "AIGS"u8;

    /// <summary>Everything that precedes the payload.</summary>
    public static byte[] EncodeHeader(Guid etag, string grainId, int payloadLength)
    {
        var idLength = Encoding.UTF8.GetByteCount(grainId);
        var header = new byte[ETagPrefixLength + sizeof(int) + idLength + sizeof(int)];
        var span = header.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], FormatVersion);
        etag.TryWriteBytes(span.Slice(ETagOffset, 16));
        BinaryPrimitives.WriteInt32LittleEndian(span[ETagPrefixLength..], idLength);
        Encoding.UTF8.GetBytes(grainId, span.Slice(ETagPrefixLength + sizeof(int), idLength));
        BinaryPrimitives.WriteInt32LittleEndian(span[^sizeof(int)..], payloadLength);
        return header;
    }

    /// <summary>The ETag as the provider hands it to grains.</summary>
    public static string FormatETag(Guid etag) => etag.ToString("N");

    /// <summary>Reads the ETag from the first <see cref="ETagPrefixLength"/> bytes of a file.</summary>
    public static string DecodeETag(ReadOnlySpan<byte> prefix, string path)
    {
        if (prefix.Length < ETagPrefixLength || !prefix.StartsWith(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a grain state file (bad header).");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(prefix[4..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException(
                $"'{path}' has state file format version {version}; this build reads version {FormatVersion}.");
        }

        return FormatETag(new Guid(prefix.Slice(ETagOffset, 16)));
    }

    /// <summary>Decodes a whole file; the payload is a slice of <paramref name="file"/>.</summary>
    public static StoredState Decode(ReadOnlyMemory<byte> file, string path)
    {
        var span = file.Span;
        var etag = DecodeETag(span, path);
        var offset = ETagPrefixLength;
        var idLength = ReadLength(span, ref offset, path);
        var grainId = Encoding.UTF8.GetString(span.Slice(offset, idLength));
        offset += idLength;
        var payloadLength = ReadLength(span, ref offset, path);
        if (offset + payloadLength != span.Length)
        {
            throw new InvalidDataException(
                $"'{path}' is damaged: the header announces {payloadLength} payload bytes, the file holds {span.Length - offset}.");
        }

        return new StoredState(etag, grainId, file.Slice(offset, payloadLength));
    }

    private static int ReadLength(ReadOnlySpan<byte> span, ref int offset, string path)
    {
        if (span.Length - offset < sizeof(int))
        {
            throw new InvalidDataException($"'{path}' is damaged: it ends inside its header.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        offset += sizeof(int);
        if (length < 0 || length > span.Length - offset)
        {
            throw new InvalidDataException($"'{path}' is damaged: a length of {length} runs past the end of the file.");
        }

        return length;
    }
}
