using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Inference;
using AIaaS.Tensors;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Parses an Open Inference Protocol JSON request body into an <see cref="InferenceRequest"/>:
/// each input's data (flat or nested arrays) is written once into a byte buffer of the size its
/// shape and datatype call for. Every error names the input and what is wrong.
/// </summary>
public static class OipJsonRequestReader
{
    public static InferenceRequest Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw InferenceException.InvalidArgument($"request body is not valid JSON: {ex.Message}");
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
                inputs[i] = ReadInput(input, i);
                i++;
            }

            var parameters = root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            return new InferenceRequest
            {
                Id = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                Inputs = inputs,
                Outputs = ReadOutputs(root),
                Priority = ReadIntParameter(parameters, "priority"),
                TimeoutMicroseconds = ReadIntParameter(parameters, "timeout"),
            };
        }
    }

    private static TensorPayload ReadInput(JsonElement input, int position)
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
        if (!input.TryGetProperty("data", out var data))
        {
            throw InferenceException.InvalidArgument($"input '{name}' has no 'data'");
        }

        var elementCount = ElementCount(shape, name);
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

    private static long ElementCount(long[] shape, string name)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
            if (count > int.MaxValue)
            {
                throw InferenceException.InvalidArgument($"input '{name}' shape [{string.Join(',', shape)}] is too large");
            }
        }

        return count;
    }

    private static byte[] ReadNumbers(JsonElement data, TensorDataType type, long elementCount, string name)
    {
        var size = type.ElementSize();
        var buffer = new byte[checked(elementCount * size)];
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

        if (written != elementCount)
        {
            throw InferenceException.InvalidArgument($"input '{name}' has {written} data elements but its shape needs {elementCount}");
        }

        return buffer;
    }

    private static byte[] ReadStrings(JsonElement data, long elementCount, string name)
    {
        var buffer = new List<byte>();
        var written = 0;
        Flatten(data, ref written, (element, index) =>
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw InferenceException.InvalidArgument($"input '{name}' data element {index} is not a string (BYTES)");
            }

            var bytes = Encoding.UTF8.GetBytes(element.GetString()!);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            buffer.AddRange(length);
            buffer.AddRange(bytes);
            return true;
        });

        if (written != elementCount)
        {
            throw InferenceException.InvalidArgument($"input '{name}' has {written} data elements but its shape needs {elementCount}");
        }

        return [.. buffer];
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
            TensorDataType.Fp16 => element.TryGetDouble(out var v) && Write(destination, (Half)v, BinaryPrimitives.WriteHalfLittleEndian),
            TensorDataType.Fp32 => element.TryGetSingle(out var v) && Write(destination, v, BinaryPrimitives.WriteSingleLittleEndian),
            TensorDataType.Fp64 => element.TryGetDouble(out var v) && Write(destination, v, BinaryPrimitives.WriteDoubleLittleEndian),
            _ => false,
        };

        if (!ok)
        {
            throw InferenceException.InvalidArgument($"input '{name}' data element {index} ({element.GetRawText()}) is out of range for {type.ToProtocolName()}");
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

    private static IReadOnlyList<string>? ReadOutputs(JsonElement root)
    {
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var names = new List<string>(outputs.GetArrayLength());
        var i = 0;
        foreach (var output in outputs.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw InferenceException.InvalidArgument($"requested output {i} has no 'name'");
            }

            names.Add(name.GetString()!);
            i++;
        }

        return names.Count == 0 ? null : names;
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
