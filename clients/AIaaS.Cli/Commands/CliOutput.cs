using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// Where commands write. Spectre detects a redirected stdout (CI, pipes) and drops colour and
/// cursor movement, so the same line-oriented output works on a terminal and in a log.
/// </summary>
internal static class CliOutput
{
    private const int RedirectedWidth = 200;

    public static IAnsiConsole Out { get; } = CreateOut();

    /// <summary>Errors go to stderr so that scripts reading stdout see only results.</summary>
    public static IAnsiConsole Error { get; } = CreateError();

    private static IAnsiConsole CreateOut()
    {
        var console = AnsiConsole.Console;

        // Redirected output has no width; Spectre assumes 80 and would wrap tables and long
        // messages (hashes, paths) that a log viewer shows fine. A terminal keeps its real width.
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    private static IAnsiConsole CreateError()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    public static int Fail(string message)
    {
        Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
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
}
