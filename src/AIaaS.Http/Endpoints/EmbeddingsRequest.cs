using System.Text.Json;
using AIaaS.Errors;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// A parsed <c>POST /v1/embeddings</c> body. Texts without JSON escapes are slices of the body (no
/// copy); escaped ones are unescaped into their own buffers. Every error is a 400 naming the field.
/// </summary>
internal sealed record EmbeddingsRequest(string Model, IReadOnlyList<ReadOnlyMemory<byte>> Texts, bool Base64)
{
    public static EmbeddingsRequest Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw InferenceException.InvalidArgument("the request has no body: send {\"model\": \"text-embedding\", \"input\": \"...\"}");
        }

        string? model = null;
        List<ReadOnlyMemory<byte>>? texts = null;
        var base64 = false;
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw InferenceException.InvalidArgument("the body must be a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "model":
                        model = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw InferenceException.InvalidArgument("'model' must be a string");
                        break;
                    case "input":
                        texts = ReadInput(ref reader, body);
                        break;
                    case "encoding_format":
                        base64 = (reader.TokenType == JsonTokenType.String ? reader.GetString() : null) switch
                        {
                            "float" => false,
                            "base64" => true,
                            _ => throw InferenceException.InvalidArgument("'encoding_format' must be \"float\" or \"base64\""),
                        };
                        break;
                    case "dimensions":
                        throw InferenceException.InvalidArgument("'dimensions' is not supported: the model's vectors have a fixed width");
                    default:
                        // OpenAI's 'user' and fields of later API versions change nothing here.
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw InferenceException.InvalidArgument($"the body is not valid JSON: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            throw InferenceException.InvalidArgument("'model' is required: the embedding pipeline to use, e.g. \"text-embedding\"");
        }

        if (texts is null)
        {
            throw InferenceException.InvalidArgument("'input' is required: a string or a list of strings");
        }

        return new EmbeddingsRequest(model, texts, base64);
    }

    private static List<ReadOnlyMemory<byte>> ReadInput(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [Text(ref reader, body, "input")];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw InferenceException.InvalidArgument("'input' must be a string or a list of strings");
        }

        var texts = new List<ReadOnlyMemory<byte>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw InferenceException.InvalidArgument($"input[{texts.Count}] must be a string (token arrays are not supported)");
            }

            if (texts.Count == EmbeddingsEndpoints.MaxInputs)
            {
                throw InferenceException.InvalidArgument($"'input' has more than {EmbeddingsEndpoints.MaxInputs} texts");
            }

            texts.Add(Text(ref reader, body, $"input[{texts.Count}]"));
        }

        return texts.Count > 0 ? texts : throw InferenceException.InvalidArgument("'input' is an empty list: send at least one text");
    }

    private static ReadOnlyMemory<byte> Text(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, string field)
    {
        if (reader.ValueSpan.IsEmpty)
        {
            throw InferenceException.InvalidArgument($"{field} is empty: every text needs at least one character");
        }

        if (!reader.ValueIsEscaped)
        {
            // The token starts at its opening quote.
            return body.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        }

        // Unescaped text is never longer than its escaped form.
        var text = new byte[reader.ValueSpan.Length];
        return text.AsMemory(0, reader.CopyString(text));
    }
}
