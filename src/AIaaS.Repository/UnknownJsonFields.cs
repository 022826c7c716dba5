using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AIaaS.Repository;

/// <summary>
/// Finds every field of a JSON document that its target type does not know, with its path and
/// the names that are known. System.Text.Json stops at the first unmapped member with a message
/// naming the .NET type; an operator wants all misspellings at once, in the file's own terms.
/// </summary>
internal static class UnknownJsonFields
{
    public static List<string> Find(JsonElement element, Type type, JsonSerializerOptions options)
    {
        var errors = new List<string>();
        Collect(element, type, "$", options, errors);
        return errors;
    }

    private static void Collect(JsonElement element, Type type, string path, JsonSerializerOptions options, List<string> errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(JsonElement))
        {
            return;
        }

        var info = options.GetTypeInfo(type);
        if (element.ValueKind == JsonValueKind.Object && info.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var member in element.EnumerateObject())
            {
                var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, member.Name, StringComparison.Ordinal));
                if (property is null)
                {
                    var known = string.Join(", ", info.Properties.Select(p => p.Name));
                    errors.Add($"unknown field '{member.Name}' at {path} (known fields: {known})");
                }
                else
                {
                    Collect(member.Value, property.PropertyType, $"{path}.{member.Name}", options, errors);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array && info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } elementType)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, elementType, $"{path}[{index++}]", options, errors);
            }
        }
    }
}
