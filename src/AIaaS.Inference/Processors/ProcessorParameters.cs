using System.Globalization;
using AIaaS.Models;

namespace AIaaS.Inference.Processors;

/// <summary>
/// Reads a processor's <c>parameters</c> (Triton's <c>{"key": {"string_value": "..."}}</c>), filling
/// defaults and collecting every error, each naming its key, so a configuration is fixed in one pass.
/// </summary>
internal sealed class ProcessorParameters
{
    private readonly IReadOnlyDictionary<string, ModelParameter> values;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public ProcessorParameters(IReadOnlyDictionary<string, ModelParameter>? values) =>
        this.values = values ?? new Dictionary<string, ModelParameter>();

    /// <summary>Every error found so far.</summary>
    public List<string> Errors { get; } = [];

    public string String(string key, string defaultValue) =>
        Raw(key) is { } text ? text.Trim() : defaultValue;

    public int Int(string key, int defaultValue, int min, int max)
    {
        if (Raw(key) is not { } text)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Errors.Add($"parameters.{key} '{text}' must be an integer between {min} and {max}");
            return defaultValue;
        }

        return value;
    }

    public float Float(string key, float defaultValue, float min, float max)
    {
        if (Raw(key) is not { } text)
        {
            return defaultValue;
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            Errors.Add($"parameters.{key} '{text}' must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            return defaultValue;
        }

        return value;
    }

    /// <summary>A comma-separated list of exactly <paramref name="count"/> numbers.</summary>
    public float[] Floats(string key, float[] defaultValue, int count)
    {
        if (Raw(key) is not { } text)
        {
            return defaultValue;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !float.IsFinite(result[i]))
            {
                Errors.Add($"parameters.{key} '{text}' must be {count} comma-separated numbers");
                return defaultValue;
            }
        }

        if (result.Length != count)
        {
            Errors.Add($"parameters.{key} '{text}' must be {count} comma-separated numbers");
            return defaultValue;
        }

        return result;
    }

    /// <summary>One of <paramref name="allowed"/> (the first is the default).</summary>
    public string Choice(string key, params string[] allowed)
    {
        var value = String(key, allowed[0]).ToLowerInvariant();
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Errors.Add($"parameters.{key} '{value}' must be one of {string.Join(", ", allowed)}");
            return allowed[0];
        }

        return value;
    }

    /// <summary>Adds an error for every key no read asked for: a misspelt key silently ignored would change the processing.</summary>
    public void RejectUnread()
    {
        foreach (var key in values.Keys.Where(k => !read.Contains(k)).Order(StringComparer.Ordinal))
        {
            Errors.Add($"parameters.{key} is not a parameter of this processor");
        }
    }

    private string? Raw(string key)
    {
        read.Add(key);
        return values.TryGetValue(key, out var parameter) ? parameter.StringValue : null;
    }
}
