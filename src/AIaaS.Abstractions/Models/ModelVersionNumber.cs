using System.Globalization;
using AIaaS.Errors;

namespace AIaaS.Models;

/// <summary>The one rule for a version as callers write it (a URL segment, a CLI argument): a positive integer.</summary>
public static class ModelVersionNumber
{
    /// <summary>The version <paramref name="text"/> names, or null when it is null or empty (no version named).</summary>
    /// <exception cref="InferenceException">Kind InvalidArgument: not a positive integer.</exception>
    public static int? ParseOptional(string? text) => string.IsNullOrEmpty(text) ? null : Parse(text);

    /// <exception cref="InferenceException">Kind InvalidArgument: not a positive integer.</exception>
    public static int Parse(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw InferenceException.InvalidArgument($"model version '{text}' is not a positive integer");
}
