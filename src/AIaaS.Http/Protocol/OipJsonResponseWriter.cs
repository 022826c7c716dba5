using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Writes an <see cref="InferenceResponse"/> as an Open Inference Protocol JSON object, data
/// flattened in row-major order. Outputs sent as binary tensor data appear with
/// <c>"parameters": {"binary_data_size": N}</c> and no <c>data</c>; their bytes follow the JSON
/// (<see cref="OipResponseWriter"/> writes them).
/// </summary>
internal static class OipJsonResponseWriter
{
    /// <summary>Writes every output's data as JSON.</summary>
    public static void Write(IBufferWriter<byte> destination, InferenceResponse response) =>
        Write(destination, response, BinaryOutputSelection.None);

    /// <summary>Writes the JSON object, or the JSON header of a binary response when <paramref name="binaryOutputs"/> selects any output.</summary>
    public static void Write(IBufferWriter<byte> destination, InferenceResponse response, BinaryOutputSelection binaryOutputs)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteString("model_name"u8, response.ModelName);
        json.WriteString("model_version"u8, response.ModelVersion);
        if (response.Id is not null)
        {
            json.WriteString("id"u8, response.Id);
        }

        json.WriteStartArray("outputs"u8);
        foreach (var output in response.Outputs)
        {
            json.WriteStartObject();
            json.WriteString("name"u8, output.Name);
            json.WriteString("datatype"u8, output.DataType.ToProtocolName());
            json.WriteStartArray("shape"u8);
            foreach (var dim in output.Shape)
            {
                json.WriteNumberValue(dim);
            }

            json.WriteEndArray();
            if (binaryOutputs.IsBinary(output.Name))
            {
                json.WriteStartObject("parameters"u8);
                json.WriteNumber("binary_data_size"u8, output.Data.Length);
                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("data"u8);
                WriteData(json, output);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter json, TensorPayload tensor)
    {
        var data = tensor.Data.Span;
        json.WriteStartArray();
        switch (tensor.DataType)
        {
            case TensorDataType.Bool:
                foreach (var b in data)
                {
                    json.WriteBooleanValue(b != 0);
                }

                break;
            case TensorDataType.UInt8:
                foreach (var b in data)
                {
                    json.WriteNumberValue(b);
                }

                break;
            case TensorDataType.Int8:
                foreach (var b in data)
                {
                    json.WriteNumberValue((sbyte)b);
                }

                break;
            case TensorDataType.UInt16:
                for (var i = 0; i < data.Length; i += 2)
                {
                    json.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Int16:
                for (var i = 0; i < data.Length; i += 2)
                {
                    json.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.UInt32:
                for (var i = 0; i < data.Length; i += 4)
                {
                    json.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Int32:
                for (var i = 0; i < data.Length; i += 4)
                {
                    json.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.UInt64:
                for (var i = 0; i < data.Length; i += 8)
                {
                    json.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Int64:
                for (var i = 0; i < data.Length; i += 8)
                {
                    json.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Fp16:
                for (var i = 0; i < data.Length; i += 2)
                {
                    WriteFloat(json, (double)BinaryPrimitives.ReadHalfLittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Fp32:
                for (var i = 0; i < data.Length; i += 4)
                {
                    var value = BinaryPrimitives.ReadSingleLittleEndian(data[i..]);
                    if (float.IsFinite(value))
                    {
                        json.WriteNumberValue(value);
                    }
                    else
                    {
                        WriteNonFinite(json, value);
                    }
                }

                break;
            case TensorDataType.Fp64:
                for (var i = 0; i < data.Length; i += 8)
                {
                    WriteFloat(json, BinaryPrimitives.ReadDoubleLittleEndian(data[i..]));
                }

                break;
            case TensorDataType.Bytes:
                foreach (var element in BytesTensorCodec.Enumerate(data))
                {
                    json.WriteStringValue(Encoding.UTF8.GetString(element));
                }

                break;
        }

        json.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(json, value);
        }
    }

    // JSON has no NaN or infinity, and bare NaN tokens (Python's json module, Triton's writer)
    // break strict parsers. The strings "NaN", "Infinity" and "-Infinity" are valid JSON that
    // numpy (np.array(data, dtype=np.float32), as tritonclient reads outputs) and System.Text.Json
    // (AllowNamedFloatingPointLiterals) turn back into the values; the request reader takes them too.
    private static void WriteNonFinite(Utf8JsonWriter json, double value) =>
        json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
}
