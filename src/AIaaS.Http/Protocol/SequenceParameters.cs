using System.Globalization;
using System.Text.Json;
using AIaaS.Errors;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Triton's sequence extension in a request's <c>parameters</c>: <c>sequence_id</c> (a number or a
/// string; 0 and "" mean no sequence), <c>sequence_start</c>, <c>sequence_end</c>; and ours,
/// <c>sequence_step</c>, the step's number counting from 0 at the start step.
/// </summary>
internal sealed record SequenceParameters(string Id, bool Start, bool End, long? Step)
{
    /// <summary>The sequence parameters of a request, or null when it names no sequence.</summary>
    /// <exception cref="InferenceException">Kind InvalidArgument, naming the parameter at fault.</exception>
    public static SequenceParameters? Read(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? id = null;
        if (parameters.TryGetProperty("sequence_id", out var value))
        {
            id = value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetUInt64(out var number) => number == 0 ? null : number.ToString(CultureInfo.InvariantCulture),
                JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
                _ => throw InferenceException.InvalidArgument("parameter 'sequence_id' must be a non-negative integer or a string"),
            };
        }

        var start = Bool(parameters, "sequence_start");
        var end = Bool(parameters, "sequence_end");
        long? step = null;
        if (parameters.TryGetProperty("sequence_step", out var s))
        {
            step = s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n >= 0
                ? n
                : throw InferenceException.InvalidArgument("parameter 'sequence_step' must be a non-negative integer");
        }

        if (id is null)
        {
            return start || end || step is not null
                ? throw InferenceException.InvalidArgument("parameters 'sequence_start', 'sequence_end' and 'sequence_step' need a non-zero 'sequence_id'")
                : null;
        }

        if (id.Length > 256)
        {
            throw InferenceException.InvalidArgument("parameter 'sequence_id' must be at most 256 characters");
        }

        return new SequenceParameters(id, start, end, step);
    }

    private static bool Bool(JsonElement parameters, string name)
    {
        if (!parameters.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InferenceException.InvalidArgument($"parameter '{name}' must be true or false"),
        };
    }
}
