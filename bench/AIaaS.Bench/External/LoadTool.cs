using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AIaaS.Bench.External;

/// <summary>
/// A load generator run as a separate process, as users run one: <c>hey</c> (Debian's package) or
/// <c>aiaas bench</c>. It runs under <c>bash -c '"$@"; times'</c>, whose <c>times</c> prints the
/// user and system CPU time of the shell's finished children: the generator's own CPU use, read
/// from the kernel's accounting of the reaped process (what <c>getrusage(RUSAGE_CHILDREN)</c> gives).
/// </summary>
internal abstract partial class LoadTool
{
    /// <summary>Runs the load against one model at one concurrency for a window.</summary>
    public abstract Task<LoadRun> RunAsync(Uri baseAddress, string model, int concurrency, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="arguments"/> under bash; returns its stdout and its children's CPU time.</summary>
    internal static async Task<(string Output, TimeSpan ChildCpu, TimeSpan Wall)> RunProcessAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-c", "\"$@\"; status=$?; echo '--- times'; times; exit $status", "bash" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {arguments[0]}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var wall = clock.Elapsed;
        var text = await output.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}\n{text}");
        }

        // times: the shell's own user and system time, then its children's.
        var marker = text.LastIndexOf("--- times", StringComparison.Ordinal);
        var lines = text[marker..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var children = TimesPattern().Matches(lines[^1]);
        if (children.Count != 2)
        {
            throw new InvalidOperationException($"cannot read the CPU time from bash's times: '{lines[^1]}'");
        }

        return (text[..marker], Seconds(children[0]) + Seconds(children[1]), wall);
    }

    private static TimeSpan Seconds(Match match) =>
        TimeSpan.FromMinutes(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
        + TimeSpan.FromSeconds(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(\d+)m([\d.]+)s")]
    private static partial Regex TimesPattern();
}
