using System.Globalization;
using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Tabular;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Parses the body of <c>POST /v1/models/{name}/predict</c>, KServe V1's
/// <c>{"instances": [...]}</c>, into the rows of a tabular model's input: each instance is an
/// object of named features, put in the model's feature order whatever the order of its keys, or
/// an array of values already in that order. Every error names the instance and the feature.
/// </summary>
internal static class PredictRequestReader
{
    public const string InstancesField = "instances";

    /// <summary>
    /// The rows, <c>instances × features</c> values row by row in the model's feature order. The
    /// instances are counted (at most <see cref="TabularTarget.MaxRows"/>) before the rows are allocated.
    /// </summary>
    /// <exception cref="InferenceException">A 400 naming what is wrong.</exception>
    public static float[] Read(ReadOnlyMemory<byte> body, TabularTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        using (var document = JsonBody.Parse(body, "request body"))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.InvalidArgument("request body must be a JSON object: {\"instances\": [{\"feature\": value, ...}]}");
            }

            JsonElement? instances = null;
            foreach (var property in root.EnumerateObject())
            {
                instances = property.NameEquals(InstancesField)
                    ? property.Value
                    : throw InferenceException.InvalidArgument($"unknown field '{TabularModel.Truncate(property.Name)}'; the body is {{\"instances\": [...]}}");
            }

            if (instances is not { ValueKind: JsonValueKind.Array } rows)
            {
                throw InferenceException.InvalidArgument("request has no 'instances' array of rows: {\"instances\": [{\"feature\": value, ...}]}");
            }

            var count = rows.GetArrayLength();
            TabularModel.CheckRowCount(count, target.MaxRows);
            var features = target.Tabular.Features;
            var values = new float[count * features.Length];
            var seen = new bool[features.Length];
            var row = 0;
            foreach (var instance in rows.EnumerateArray())
            {
                var destination = values.AsSpan(row * features.Length, features.Length);
                switch (instance.ValueKind)
                {
                    case JsonValueKind.Object:
                        ReadNamed(instance, features, row, destination, seen);
                        break;
                    case JsonValueKind.Array:
                        ReadPositional(instance, features, row, destination);
                        break;
                    default:
                        throw InferenceException.InvalidArgument(Invariant($"instances[{row}] must be an object of named features, not {Describe(instance)}"));
                }

                row++;
            }

            return values;
        }
    }

    private static void ReadNamed(JsonElement instance, string[] features, int row, Span<float> destination, bool[] seen)
    {
        Array.Clear(seen);
        foreach (var property in instance.EnumerateObject())
        {
            var index = Array.IndexOf(features, property.Name);
            if (index < 0)
            {
                throw TabularModel.UnknownFeature(row, property.Name, features);
            }

            if (seen[index])
            {
                throw InferenceException.InvalidArgument(Invariant($"instances[{row}] gives feature '{property.Name}' twice"));
            }

            seen[index] = true;
            destination[index] = Number(property.Value, row, property.Name);
        }

        var missing = features.Where((_, i) => !seen[i]).ToList();
        if (missing.Count > 0)
        {
            throw TabularModel.MissingFeatures(row, missing, features);
        }
    }

    private static void ReadPositional(JsonElement instance, string[] features, int row, Span<float> destination)
    {
        var length = instance.GetArrayLength();
        if (length != features.Length)
        {
            throw InferenceException.InvalidArgument(Invariant($"instances[{row}] has {length} values; the model takes {features.Length}, in this order: {List(features)}"));
        }

        var i = 0;
        foreach (var value in instance.EnumerateArray())
        {
            destination[i] = Number(value, row, features[i]);
            i++;
        }
    }

    private static float Number(JsonElement value, int row, string feature)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw InferenceException.InvalidArgument(Invariant($"instances[{row}].{feature} must be a number, not {Describe(value)}"));
        }

        return value.TryGetDouble(out var number) && Math.Abs(number) <= float.MaxValue
            ? (float)number
            : throw InferenceException.InvalidArgument(Invariant($"instances[{row}].{feature} {value.GetRawText()} is outside the range of FP32"));
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {TabularModel.Truncate(value.GetRawText())}",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string List(string[] features) => string.Join(", ", features);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
