using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AIaaS.Cli.Bench;

/// <summary>
/// Durations as the bench options take them: a non-negative decimal number and a unit,
/// <c>us</c>, <c>ms</c>, <c>s</c> or <c>m</c> (<c>500ms</c>, <c>10s</c>, <c>1.5s</c>, <c>2m</c>).
/// A bare number is refused: <c>10</c> could mean seconds or milliseconds.
/// </summary>
internal static class BenchDuration
{
    // Longest suffix first, so "ms" is not read as "m" then "s".
    private static readonly (string Suffix, long TicksPerUnit)[] Units =
    [
        ("us", TimeSpan.TicksPerMicrosecond),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
    ];

    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        text = text?.Trim() ?? "";
        foreach (var (suffix, ticksPerUnit) in Units)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var number = text[..^suffix.Length];
            // Decimal, not double: "0.1s" is exactly one million ticks.
            if (number.Length == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                break;
            }

            var ticks = value * ticksPerUnit;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                error = $"'{text}' is too long";
                return false;
            }

            duration = TimeSpan.FromTicks((long)decimal.Round(ticks));
            error = null;
            return true;
        }

        error = $"'{text}' is not a duration: a number and a unit, as in 500ms, 10s, 1.5s, 2m (units: us, ms, s, m)";
        return false;
    }

    /// <summary>Short text for output: <c>500 ms</c>, <c>10 s</c>, <c>1.5 s</c>, <c>2 min</c>.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMinutes: >= 1 } when duration.Ticks % TimeSpan.TicksPerMinute == 0 => $"{duration.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min",
        { TotalSeconds: >= 1 } => $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
        _ => $"{duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms",
    };
}
