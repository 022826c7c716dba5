using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// Where commands write. Spectre detects a redirected stdout (CI, pipes) and drops colour and
/// cursor movement, so the same line-oriented output works on a terminal and in a log.
/// </summary>
internal static class CliOutput
{
    // Redirected output has no width; Spectre assumes 80 and would wrap tables and long lines
    // (hashes, paths) that a log viewer shows fine. A terminal keeps its real width.
    private const int RedirectedWidth = 200;

    public static IAnsiConsole Out { get; } = CreateOut();

    /// <summary>
    /// Writes an error to stderr, so that scripts reading stdout see only results. Plain text,
    /// not Spectre markup: messages carry paths and hashes that must not be wrapped or escaped.
    /// </summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / (double)(1 << 20):0.0} MB",
        >= 1 << 10 => $"{bytes / (double)(1 << 10):0.0} KB",
        _ => $"{bytes} B",
    };

    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1 ? $"{elapsed.TotalSeconds:0.0} s" : $"{elapsed.TotalMilliseconds:0} ms";

    private static IAnsiConsole CreateOut()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
