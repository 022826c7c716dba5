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
        TryParse(text, out var number)
            ? number
            : throw InferenceException.InvalidArgument($"model version '{text}' is not a positive integer");

    /// <summary>Whether <paramref name="text"/> is a positive integer in invariant digits (no sign, no white space), and which.</summary>
    public static bool TryParse(string? text, out int version)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0)
        {
            return true;
        }

        version = 0;
        return false;
    }

    /// <summary>
    /// Whether a model directory's subdirectory is a version, and which: Triton's rule, a positive
    /// integer not written with a leading zero (<c>0</c> and <c>01</c> are ignored, as Triton ignores them).
    /// </summary>
    public static bool TryParseDirectory(string name, out int version)
    {
        if (name is ['0', ..])
        {
            version = 0;
            return false;
        }

        return TryParse(name, out version);
    }
}
