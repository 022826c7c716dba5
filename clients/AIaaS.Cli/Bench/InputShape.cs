using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AIaaS.Cli.Bench;

/// <summary>
/// A <c>--shape NAME:D0,D1,...</c> option: the dimensions of one input, as perf_analyzer takes them.
/// For an input whose first dimension is the (dynamic) batch axis the batch axis is left out, since
/// <c>--batch-size</c> sets it; for other inputs every dimension is given.
/// </summary>
internal sealed record InputShape(string Name, long[] Dimensions)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out InputShape? shape, [NotNullWhen(false)] out string? error)
    {
        shape = null;
        // The last colon: input names may hold colons (ONNX allows "input:0"), dimensions never do.
        var separator = text.LastIndexOf(':');
        if (separator <= 0)
        {
            error = $"--shape '{text}' is not NAME:D0,D1,... (e.g. x:3,48,192)";
            return false;
        }

        var dims = text[(separator + 1)..].Split(',', StringSplitOptions.TrimEntries);
        var values = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (!long.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                error = $"--shape '{text}': dimension '{dims[i]}' is not a positive integer";
                return false;
            }
        }

        shape = new InputShape(text[..separator], values);
        error = null;
        return true;
    }

    public override string ToString() => $"{Name}:{string.Join(",", Dimensions)}";
}
