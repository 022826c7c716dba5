using System.Buffers.Binary;
using System.Text.Json;
using AIaaS.Tensors;

namespace AIaaS.Cli.TensorFiles;

/// <summary>
/// Reads a tensor from JSON: an object <c>{"shape": [...], "datatype": "FP32", "data": [...]}</c>
/// (data flat or nested, shape inferred from nested data when absent, datatype FP32 when
/// absent), or a bare nested array of numbers, which is FP32 with the nesting as its shape.
/// The same conversion turns the data of an Open Inference Protocol response into a tensor.
/// </summary>
internal static class JsonTensorReader
{
    /// <exception cref="TensorFileException">The JSON is malformed or does not describe a tensor.</exception>
    public static TensorPayload Read(string name, ReadOnlySpan<byte> json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Array => FromElements(name, TensorDataType.Fp32, null, root, path),
                JsonValueKind.Object => FromObject(name, root, path),
                _ => throw new TensorFileException($"input '{name}': {path}: expected a JSON object or array"),
            };
        }
        catch (JsonException ex)
        {
            throw new TensorFileException($"input '{name}': {path} is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>A tensor from a datatype, an optional shape and (flat or nested) JSON data.</summary>
    /// <exception cref="TensorFileException">The data does not fit the datatype or shape.</exception>
    public static TensorPayload FromElements(string name, TensorDataType dataType, long[]? shape, JsonElement data, string source)
    {
        var values = new List<JsonElement>();
        var nested = new List<long>();
        if (data.ValueKind == JsonValueKind.Array)
        {
            Flatten(data, 0, nested, values, name, source);
        }
        else
        {
            // A bare value is a scalar.
            values.Add(data);
        }

        shape ??= nested.ToArray();
        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        if (count != values.Count)
        {
            throw new TensorFileException($"input '{name}': {source}: shape [{string.Join(",", shape)}] holds {count} elements but the data has {values.Count}");
        }

        return new TensorPayload(name, dataType, shape, Encode(values, dataType, name, source));
    }

    private static TensorPayload FromObject(string name, JsonElement root, string path)
    {
        var dataType = TensorDataType.Fp32;
        if (root.TryGetProperty("datatype", out var typeElement))
        {
            var typeName = typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
            if (typeName is null || !TensorDataTypes.TryParse(typeName, out var parsed))
            {
                throw new TensorFileException($"input '{name}': {path}: unknown datatype {typeElement.GetRawText()} (FP32, INT64, BOOL, BYTES...)");
            }

            dataType = parsed.Value;
        }

        long[]? shape = null;
        if (root.TryGetProperty("shape", out var shapeElement))
        {
            if (shapeElement.ValueKind != JsonValueKind.Array)
            {
                throw new TensorFileException($"input '{name}': {path}: 'shape' is not an array");
            }

            shape = shapeElement.EnumerateArray()
                .Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var v) && v >= 0
                    ? v
                    : throw new TensorFileException($"input '{name}': {path}: shape element {d.GetRawText()} is not a non-negative integer"))
                .ToArray();
        }

        if (!root.TryGetProperty("data", out var data))
        {
            throw new TensorFileException($"input '{name}': {path}: no 'data'");
        }

        return FromElements(name, dataType, shape, data, path);
    }

    /// <summary>Collects the leaves in row-major order; <paramref name="shape"/> gets the nesting, which must be rectangular.</summary>
    private static void Flatten(JsonElement array, int depth, List<long> shape, List<JsonElement> values, string name, string source)
    {
        var length = array.GetArrayLength();
        if (depth == shape.Count)
        {
            shape.Add(length);
        }
        else if (shape[depth] != length)
        {
            throw new TensorFileException($"input '{name}': {source}: nested arrays are ragged at depth {depth} ({length} elements where {shape[depth]} were expected)");
        }

        var leafDepth = -1;
        foreach (var item in array.EnumerateArray())
        {
            var isArray = item.ValueKind == JsonValueKind.Array;
            if (leafDepth == -1)
            {
                leafDepth = isArray ? 0 : 1;
            }
            else if ((leafDepth == 0) != isArray)
            {
                throw new TensorFileException($"input '{name}': {source}: nested arrays mix values and arrays at depth {depth}");
            }

            if (isArray)
            {
                Flatten(item, depth + 1, shape, values, name, source);
            }
            else
            {
                values.Add(item);
            }
        }
    }

    private static byte[] Encode(List<JsonElement> values, TensorDataType type, string name, string source)
    {
        if (type == TensorDataType.Bytes)
        {
            return BytesTensorCodec.Encode(values.ConvertAll(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()));
        }

        var size = type.ElementSize();
        var data = new byte[values.Count * size];
        for (var i = 0; i < values.Count; i++)
        {
            var target = data.AsSpan(i * size, size);
            var value = values[i];
            if (type == TensorDataType.Bool)
            {
                target[0] = value.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    JsonValueKind.Number when value.TryGetInt64(out var n) && n is 0 or 1 => (byte)n,
                    _ => throw NotA("a boolean", value, i, name, source),
                };
                continue;
            }

            if (value.ValueKind != JsonValueKind.Number)
            {
                throw NotA($"a number ({type.ToProtocolName()})", value, i, name, source);
            }

            switch (type)
            {
                case TensorDataType.Fp16:
                    BinaryPrimitives.WriteHalfLittleEndian(target, (Half)value.GetDouble());
                    break;
                case TensorDataType.Fp32:
                    BinaryPrimitives.WriteSingleLittleEndian(target, (float)value.GetDouble());
                    break;
                case TensorDataType.Fp64:
                    BinaryPrimitives.WriteDoubleLittleEndian(target, value.GetDouble());
                    break;
                case TensorDataType.Int8:
                    target[0] = (byte)(value.TryGetSByte(out var i8) ? i8 : throw NotA("an INT8", value, i, name, source));
                    break;
                case TensorDataType.UInt8:
                    target[0] = value.TryGetByte(out var u8) ? u8 : throw NotA("a UINT8", value, i, name, source);
                    break;
                case TensorDataType.Int16:
                    BinaryPrimitives.WriteInt16LittleEndian(target, value.TryGetInt16(out var i16) ? i16 : throw NotA("an INT16", value, i, name, source));
                    break;
                case TensorDataType.UInt16:
                    BinaryPrimitives.WriteUInt16LittleEndian(target, value.TryGetUInt16(out var u16) ? u16 : throw NotA("a UINT16", value, i, name, source));
                    break;
                case TensorDataType.Int32:
                    BinaryPrimitives.WriteInt32LittleEndian(target, value.TryGetInt32(out var i32) ? i32 : throw NotA("an INT32", value, i, name, source));
                    break;
                case TensorDataType.UInt32:
                    BinaryPrimitives.WriteUInt32LittleEndian(target, value.TryGetUInt32(out var u32) ? u32 : throw NotA("a UINT32", value, i, name, source));
                    break;
                case TensorDataType.Int64:
                    BinaryPrimitives.WriteInt64LittleEndian(target, value.TryGetInt64(out var i64) ? i64 : throw NotA("an INT64", value, i, name, source));
                    break;
                case TensorDataType.UInt64:
                    BinaryPrimitives.WriteUInt64LittleEndian(target, value.TryGetUInt64(out var u64) ? u64 : throw NotA("a UINT64", value, i, name, source));
                    break;
                default:
                    throw new TensorFileException($"input '{name}': {source}: datatype {type.ToProtocolName()} is not supported");
            }
        }

        return data;
    }

    private static TensorFileException NotA(string what, JsonElement value, int index, string name, string source) =>
        new($"input '{name}': {source}: element {index} ({value.GetRawText()}) is not {what}");
}
