using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Parses an Open Inference Protocol request body into an <see cref="OipInferenceRequest"/>:
/// each input's JSON data (flat or nested arrays) is written once into a byte buffer of the size
/// its shape and datatype call for; an input with <c>binary_data_size</c> (the binary tensor data
/// extension) takes its bytes from after the JSON header instead, as a slice of the body without a
/// copy. Every error names the input and what is wrong.
/// </summary>
internal static class OipJsonRequestReader
{
    /// <summary>Parses a body that is all JSON (no <c>Inference-Header-Content-Length</c>).</summary>
    public static InferenceRequest Read(ReadOnlyMemory<byte> body) => Parse(body, headerLength: null).Request;

    /// <summary>Parses a body whose first <paramref name="headerLength"/> bytes are the JSON header and the rest binary tensor data.</summary>
    /// <param name="body">
    /// The whole body. Binary inputs' <see cref="TensorPayload.Data"/> slice it, so the caller
    /// keeps it unchanged for as long as the payloads live: never a pooled buffer that is returned.
    /// </param>
    /// <param name="headerLength">The <c>Inference-Header-Content-Length</c> value; null when the whole body is JSON.</param>
    public static OipInferenceRequest Parse(ReadOnlyMemory<byte> body, long? headerLength)
    {
        if (headerLength > body.Length)
        {
            throw InferenceException.InvalidArgument(
                $"header {InferenceHeaderContentLength.Name} {headerLength} is larger than the body of {body.Length} bytes");
        }

        var jsonLength = (int)(headerLength ?? body.Length);
        var binary = new BinaryTensorSection(body[jsonLength..], present: headerLength is not null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body[..jsonLength]);
        }
        catch (JsonException ex)
        {
            throw InferenceException.InvalidArgument(headerLength is null
                ? $"request body is not valid JSON: {ex.Message}"
                : $"the first {jsonLength} bytes of the body ({InferenceHeaderContentLength.Name}) are not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.InvalidArgument("request body must be a JSON object");
            }

            if (!root.TryGetProperty("inputs", out var inputsElement) || inputsElement.ValueKind != JsonValueKind.Array)
            {
                throw InferenceException.InvalidArgument("request has no 'inputs' array");
            }

            var inputs = new TensorPayload[inputsElement.GetArrayLength()];
            var i = 0;
            foreach (var input in inputsElement.EnumerateArray())
            {
                inputs[i] = ReadInput(input, i, binary);
                i++;
            }

            binary.EnsureConsumed();
            var parameters = root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            var (outputs, binaryOutputs) = ReadOutputs(root);
            var request = new InferenceRequest
            {
                Id = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                Inputs = inputs,
                Outputs = outputs,
                Priority = ReadIntParameter(parameters, "priority"),
                TimeoutMicroseconds = ReadIntParameter(parameters, "timeout"),
            };
            return new OipInferenceRequest(request, new BinaryOutputSelection(ReadBoolParameter(parameters, "binary_data_output", "parameter"), binaryOutputs), SequenceParameters.Read(parameters));
        }
    }

    private static TensorPayload ReadInput(JsonElement input, int position, BinaryTensorSection binary)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw InferenceException.InvalidArgument($"input {position} is not a JSON object");
        }

        if (!input.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String || nameElement.GetString() is not { Length: > 0 } name)
        {
            throw InferenceException.InvalidArgument($"input {position} has no 'name'");
        }

        if (!input.TryGetProperty("datatype", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw InferenceException.InvalidArgument($"input '{name}' has no 'datatype'");
        }

        var typeName = typeElement.GetString()!;
        if (!TensorDataTypes.TryParse(typeName, out var dataType))
        {
            throw InferenceException.InvalidArgument($"input '{name}' has unknown datatype '{typeName}'");
        }

        var shape = ReadShape(input, name);
        var elementCount = ElementCount(shape, dataType.Value, name);
        var hasData = input.TryGetProperty("data", out var data);
        if (ReadBinaryDataSize(input, name) is { } binarySize)
        {
            return hasData
                ? throw InferenceException.InvalidArgument($"input '{name}' has both 'data' and 'binary_data_size'; send one of them")
                : new TensorPayload(name, dataType.Value, shape, binary.Take(name, dataType.Value, shape, elementCount, binarySize));
        }

        if (!hasData)
        {
            throw InferenceException.InvalidArgument($"input '{name}' has no 'data' (nor 'binary_data_size')");
        }

        var bytes = dataType.Value == TensorDataType.Bytes
            ? ReadStrings(data, elementCount, name)
            : ReadNumbers(data, dataType.Value, elementCount, name);
        return new TensorPayload(name, dataType.Value, shape, bytes);
    }

    private static long[] ReadShape(JsonElement input, string name)
    {
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw InferenceException.InvalidArgument($"input '{name}' has no 'shape' array");
        }

        var shape = new long[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var value) || value < 0)
            {
                throw InferenceException.InvalidArgument($"input '{name}' shape element {i} is not a non-negative integer");
            }

            shape[i++] = value;
        }

        return shape;
    }

    private static long ElementCount(long[] shape, TensorDataType type, string name)
    {
        // BYTES elements take at least their 4-byte length each.
        var elementSize = type == TensorDataType.Bytes ? BytesTensorCodec.LengthPrefixSize : type.ElementSize();
        var limit = Array.MaxLength / elementSize;
        if (Array.IndexOf(shape, 0L) >= 0)
        {
            return 0;
        }

        long count = 1;
        foreach (var dim in shape)
        {
            // Divided rather than multiplied first, so no product of dimensions overflows.
            if (dim > limit / count)
            {
                throw InferenceException.InvalidArgument(
                    $"input '{name}' shape [{string.Join(',', shape)}] of {type.ToProtocolName()} is too large: a tensor holds at most {Array.MaxLength} bytes");
            }

            count *= dim;
        }

        return count;
    }

    private static byte[] ReadNumbers(JsonElement data, TensorDataType type, long elementCount, string name)
    {
        var size = type.ElementSize();
        byte[] buffer;
        if (type == TensorDataType.Fp32 && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() == elementCount)
        {
            buffer = new byte[elementCount * size];
            if (TryReadFlatSingles(data, buffer))
            {
                return buffer;
            }
        }
        else
        {
            // Counted before the buffer exists, so a shape the data does not fill allocates nothing:
            // what a request makes the reader allocate is bounded by the values it actually sent
            // (each takes at least a byte of JSON), never by the shape it declares.
            ThrowIfCountDiffers(CountLeaves(data), elementCount, name);
            buffer = new byte[elementCount * size];
        }

        var written = 0;
        Flatten(data, ref written, (element, index) =>
        {
            if (index >= elementCount)
            {
                return false;
            }

            WriteElement(element, type, buffer.AsSpan(index * size, size), name, index);
            return true;
        });

        ThrowIfCountDiffers(written, elementCount, name);
        return buffer;
    }

    private static void ThrowIfCountDiffers(long count, long elementCount, string name)
    {
        if (count != elementCount)
        {
            throw InferenceException.InvalidArgument($"input '{name}' has {count} data elements but its shape needs {elementCount}");
        }
    }

    private static long CountLeaves(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return 1;
        }

        long count = 0;
        foreach (var item in element.EnumerateArray())
        {
            count += item.ValueKind == JsonValueKind.Array ? CountLeaves(item) : 1;
        }

        return count;
    }

    /// <summary>
    /// Fast path of the common case (an image, an embedding): one flat array of exactly as many
    /// finite FP32 numbers as the buffer holds, written without the general walk's recursion
    /// and per-element dispatch. Anything else (nesting, another count, an element that is not a
    /// float) returns false, and the general path reads the data again and reports exactly what
    /// is wrong, so errors are the same either way.
    /// </summary>
    private static bool TryReadFlatSingles(JsonElement data, byte[] buffer)
    {
        var destination = buffer.AsSpan();
        foreach (var element in data.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetSingle(out var value) || !float.IsFinite(value))
            {
                return false;
            }

            BinaryPrimitives.WriteSingleLittleEndian(destination, value);
            destination = destination[sizeof(float)..];
        }

        return true;
    }

    private static byte[] ReadStrings(JsonElement data, long elementCount, string name)
    {
        // Two walks: the first checks every element and sizes the buffer, the second fills it.
        long size = 0;
        var count = 0;
        Flatten(data, ref count, (element, index) =>
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw InferenceException.InvalidArgument($"input '{name}' data element {index} is not a string (BYTES)");
            }

            size += BytesTensorCodec.EncodedLength(Encoding.UTF8.GetByteCount(element.GetString()!));
            return true;
        });

        ThrowIfCountDiffers(count, elementCount, name);
        var buffer = new byte[size];
        var offset = 0;
        var written = 0;
        Flatten(data, ref written, (element, _) =>
        {
            offset += BytesTensorCodec.Write(buffer.AsSpan(offset), Encoding.UTF8.GetBytes(element.GetString()!));
            return true;
        });

        return buffer;
    }

    private delegate bool ElementWriter(JsonElement element, int index);

    // Walks nested arrays in row-major order, counting every leaf even past the expected count
    // so the error can say how many there were.
    private static void Flatten(JsonElement element, ref int count, ElementWriter write)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, ref count, write);
            }

            return;
        }

        write(element, count);
        count++;
    }

    private static void WriteElement(JsonElement element, TensorDataType type, Span<byte> destination, string name, int index)
    {
        if (type == TensorDataType.Bool)
        {
            destination[0] = element.ValueKind switch
            {
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => throw InferenceException.InvalidArgument($"input '{name}' data element {index} is not true or false (BOOL)"),
            };
            return;
        }

        if (type is TensorDataType.Fp16 or TensorDataType.Fp32 or TensorDataType.Fp64 && element.ValueKind == JsonValueKind.String)
        {
            WriteNamedFloat(element, type, destination, name, index);
            return;
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            throw InferenceException.InvalidArgument($"input '{name}' data element {index} is not a number ({type.ToProtocolName()})");
        }

        var ok = type switch
        {
            TensorDataType.UInt8 => element.TryGetByte(out var v) && Write(destination, v),
            TensorDataType.Int8 => element.TryGetSByte(out var v) && Write(destination, (byte)v),
            TensorDataType.UInt16 => element.TryGetUInt16(out var v) && Write(destination, v, BinaryPrimitives.WriteUInt16LittleEndian),
            TensorDataType.Int16 => element.TryGetInt16(out var v) && Write(destination, v, BinaryPrimitives.WriteInt16LittleEndian),
            TensorDataType.UInt32 => element.TryGetUInt32(out var v) && Write(destination, v, BinaryPrimitives.WriteUInt32LittleEndian),
            TensorDataType.Int32 => element.TryGetInt32(out var v) && Write(destination, v, BinaryPrimitives.WriteInt32LittleEndian),
            TensorDataType.UInt64 => element.TryGetUInt64(out var v) && Write(destination, v, BinaryPrimitives.WriteUInt64LittleEndian),
            TensorDataType.Int64 => element.TryGetInt64(out var v) && Write(destination, v, BinaryPrimitives.WriteInt64LittleEndian),
            // A literal beyond the type's range (1e999, or 1e39 for FP32) would silently become an
            // infinity: refused, since the caller wrote a number, not "Infinity".
            TensorDataType.Fp16 => element.TryGetDouble(out var v) && Half.IsFinite((Half)v) && Write(destination, (Half)v, BinaryPrimitives.WriteHalfLittleEndian),
            TensorDataType.Fp32 => element.TryGetSingle(out var v) && float.IsFinite(v) && Write(destination, v, BinaryPrimitives.WriteSingleLittleEndian),
            TensorDataType.Fp64 => element.TryGetDouble(out var v) && double.IsFinite(v) && Write(destination, v, BinaryPrimitives.WriteDoubleLittleEndian),
            _ => false,
        };

        if (!ok)
        {
            throw InferenceException.InvalidArgument($"input '{name}' data element {index} ({element.GetRawText()}) is out of range for {type.ToProtocolName()}");
        }
    }

    // Non-finite values travel as the strings the response writer uses for them (OipJsonResponseWriter).
    private static void WriteNamedFloat(JsonElement element, TensorDataType type, Span<byte> destination, string name, int index)
    {
        var value = element.ValueEquals("NaN"u8) ? double.NaN
            : element.ValueEquals("Infinity"u8) ? double.PositiveInfinity
            : element.ValueEquals("-Infinity"u8) ? double.NegativeInfinity
            : throw InferenceException.InvalidArgument($"input '{name}' data element {index} is not a number ({type.ToProtocolName()})");
        switch (type)
        {
            case TensorDataType.Fp16:
                BinaryPrimitives.WriteHalfLittleEndian(destination, (Half)value);
                break;
            case TensorDataType.Fp32:
                BinaryPrimitives.WriteSingleLittleEndian(destination, (float)value);
                break;
            default:
                BinaryPrimitives.WriteDoubleLittleEndian(destination, value);
                break;
        }
    }

    private delegate void LittleEndianWriter<T>(Span<byte> destination, T value);

    private static bool Write(Span<byte> destination, byte value)
    {
        destination[0] = value;
        return true;
    }

    private static bool Write<T>(Span<byte> destination, T value, LittleEndianWriter<T> write)
    {
        write(destination, value);
        return true;
    }

    private static long? ReadBinaryDataSize(JsonElement input, string name)
    {
        if (!input.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty("binary_data_size", out var size))
        {
            return null;
        }

        return size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var value) && value >= 0
            ? value
            : throw InferenceException.InvalidArgument($"input '{name}' parameter 'binary_data_size' must be a non-negative integer");
    }

    private static (IReadOnlyList<string>? Names, IReadOnlyDictionary<string, bool> Binary) ReadOutputs(JsonElement root)
    {
        var binary = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
        {
            return (null, binary);
        }

        var names = new List<string>(outputs.GetArrayLength());
        var i = 0;
        foreach (var output in outputs.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            {
                throw InferenceException.InvalidArgument($"requested output {i} has no 'name'");
            }

            var name = nameElement.GetString()!;
            names.Add(name);
            if (output.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("binary_data", out _))
            {
                binary[name] = ReadBoolParameter(parameters, "binary_data", $"output '{name}' parameter");
            }

            i++;
        }

        return (names.Count == 0 ? null : names, binary);
    }

    private static bool ReadBoolParameter(JsonElement parameters, string name, string what)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InferenceException.InvalidArgument($"{what} '{name}' must be true or false"),
        };
    }

    private static int ReadIntParameter(JsonElement parameters, string name)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw InferenceException.InvalidArgument($"parameter '{name}' must be a non-negative integer");
    }
}
