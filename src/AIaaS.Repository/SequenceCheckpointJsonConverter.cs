using System.Text.Json;
using System.Text.Json.Serialization;
using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// <c>sequence_batching.checkpoint</c> as an operator writes it: the string <c>"every_step"</c> or
/// an object <c>{"every": N}</c>. Anything else is an error naming both forms; the validator checks N.
/// </summary>
internal sealed class SequenceCheckpointJsonConverter : JsonConverter<SequenceCheckpointConfig>
{
    public const string EveryStep = "every_step";

    public override SequenceCheckpointConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals(EveryStep)
                ? SequenceCheckpointConfig.EveryStep
                : throw Invalid($"'{reader.GetString()}'");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid(reader.TokenType.ToString().ToLowerInvariant());
        }

        int? every = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("every"))
            {
                throw Invalid($"a field '{reader.GetString()}'");
            }

            reader.Read();
            every = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n)
                ? n
                : reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), out var s) ? s : throw Invalid("an 'every' that is not an integer");
        }

        return every is { } value ? new SequenceCheckpointConfig { Every = value } : throw Invalid("an object without 'every'");
    }

    public override void Write(Utf8JsonWriter writer, SequenceCheckpointConfig value, JsonSerializerOptions options)
    {
        if (value.Every == 1)
        {
            writer.WriteStringValue(EveryStep);
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("every", value.Every);
        writer.WriteEndObject();
    }

    private static JsonException Invalid(string what) =>
        new($"sequence_batching.checkpoint must be \"{EveryStep}\" or {{\"every\": N}}, not {what}");
}
