using System.Text;

namespace AIaaS.Examples.IrisForest;

/// <summary>
/// Renames an ONNX graph's inputs and outputs and drops the outputs not renamed, editing the protobuf bytes of the
/// <c>ModelProto</c> directly. ML.NET names its outputs <c>{column}.output</c> and adds
/// <c>mlnet.Score.unusedOutput</c>, an INT64 <c>[1, 1]</c> without a batch axis that a batching
/// server could not split; its converter's protobuf classes are internal, so the few fields
/// concerned are rewritten here: <c>ModelProto.graph</c> (7), <c>GraphProto.node</c> (1), <c>input</c> (11)
/// and <c>output</c> (12), <c>NodeProto.input</c> (1) and <c>output</c> (2), <c>ValueInfoProto.name</c> (1).
/// Every other field is copied byte for byte.
/// </summary>
public static class OnnxGraphOutputs
{
    private const int LengthDelimited = 2;

    // Returned by a field's replacement to drop the field; compared by reference.
    private static readonly byte[] Dropped = new byte[1];

    /// <summary>
    /// The model with only the outputs named in <paramref name="renames"/>' keys, and each value
    /// named there (inputs, outputs and what nodes read and write) renamed to its value.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a model with the outputs to keep.</exception>
    public static byte[] KeepAndRename(ReadOnlySpan<byte> model, IReadOnlyDictionary<string, string> renames, IReadOnlyCollection<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(renames);
        ArgumentNullException.ThrowIfNull(outputs);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var result = Rewrite(model, (field, payload) => field == 7 ? RewriteGraph(payload, renames, outputs, found) : null);
        var missing = outputs.Where(k => !found.Contains(k)).ToList();
        return missing.Count > 0
            ? throw new InvalidDataException($"the graph has no output {string.Join(", ", missing.Select(m => $"'{m}'"))}")
            : result;
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph, IReadOnlyDictionary<string, string> renames, IReadOnlyCollection<string> outputs, HashSet<string> found) =>
        Rewrite(graph, (field, payload) => field switch
        {
            1 => Rewrite(payload, (f, p) => f is 1 or 2 ? Rename(p, renames) : null),
            11 => Rewrite(payload, (f, p) => f == 1 ? Rename(p, renames) : null),
            12 => RewriteOutput(payload, renames, outputs, found),
            _ => null,
        });

    private static byte[]? RewriteOutput(ReadOnlySpan<byte> valueInfo, IReadOnlyDictionary<string, string> renames, IReadOnlyCollection<string> outputs, HashSet<string> found)
    {
        string? name = null;
        foreach (var field in Fields(valueInfo))
        {
            if (field.Number == 1 && field.WireType == LengthDelimited)
            {
                name = Encoding.UTF8.GetString(valueInfo[field.PayloadStart..field.End]);
            }
        }

        if (name is null || !outputs.Contains(name))
        {
            return Dropped;
        }

        found.Add(name);
        return Rewrite(valueInfo, (f, p) => f == 1 ? Rename(p, renames) : null);
    }

    private static byte[]? Rename(ReadOnlySpan<byte> name, IReadOnlyDictionary<string, string> renames) =>
        renames.TryGetValue(Encoding.UTF8.GetString(name), out var renamed) ? Encoding.UTF8.GetBytes(renamed) : null;

    /// <summary>
    /// Copies a message, asking <paramref name="replace"/> for each length-delimited field's new
    /// payload: null keeps the field, <see cref="Dropped"/> drops it.
    /// </summary>
    private static byte[] Rewrite(ReadOnlySpan<byte> message, ReplaceField replace)
    {
        using var output = new MemoryStream(message.Length);
        foreach (var field in Fields(message))
        {
            var replaced = field.WireType == LengthDelimited ? replace(field.Number, message[field.PayloadStart..field.End]) : null;
            if (replaced is null)
            {
                output.Write(message[field.Start..field.End]);
            }
            else if (!ReferenceEquals(replaced, Dropped))
            {
                WriteVarint(output, ((ulong)field.Number << 3) | LengthDelimited);
                WriteVarint(output, (ulong)replaced.Length);
                output.Write(replaced);
            }
        }

        return output.ToArray();
    }

    private static List<ProtoField> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<ProtoField>();
        var position = 0;
        while (position < message.Length)
        {
            var start = position;
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            var payloadStart = position;
            switch (wireType)
            {
                case 0:
                    ReadVarint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case LengthDelimited:
                    var length = (int)ReadVarint(message, ref position);
                    payloadStart = position;
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {wireType} at byte {start} is not used by ONNX");
            }

            if (position > message.Length)
            {
                throw new InvalidDataException($"protobuf field {number} at byte {start} runs past the end of its message");
            }

            fields.Add(new ProtoField(number, wireType, start, payloadStart, position));
        }

        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("a protobuf varint runs past the end of its message");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a protobuf varint is longer than ten bytes");
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private delegate byte[]? ReplaceField(int number, ReadOnlySpan<byte> payload);

    private readonly record struct ProtoField(int Number, int WireType, int Start, int PayloadStart, int End);
}
