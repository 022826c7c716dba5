using System.Globalization;
using AIaaS.Errors;

namespace AIaaS.Http.Protocol;

/// <summary>
/// The <c>Inference-Header-Content-Length</c> HTTP header of the binary tensor data extension:
/// the length of the JSON object at the start of a body whose remaining bytes are tensor data.
/// </summary>
internal static class InferenceHeaderContentLength
{
    public const string Name = "Inference-Header-Content-Length";

    /// <summary>
    /// The header's value; null when it is absent (the whole body is JSON). A value that is not a
    /// non-negative integer is an invalid argument (several header lines join with commas and fail too).
    /// </summary>
    public static long? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw InferenceException.InvalidArgument($"header {Name} '{value}' is not a non-negative integer");
    }
}
