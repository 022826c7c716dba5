using System.Diagnostics;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>Runs the built <c>aiaas</c> CLI (<c>dotnet aiaas.dll ...</c>) as a process and captures what it prints.</summary>
internal static class CliProcess
{
    public static string AssemblyPath => BuildOutput.Assembly("clients/AIaaS.Cli", "aiaas.dll");

    public static Task<CliResult> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs with more environment variables (<c>AIAAS_API_KEY</c>).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr, $"aiaas {string.Join(' ', arguments)}");
    }
}

/// <summary>What one CLI run returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr, string CommandLine)
{
    public override string ToString() => $"$ {CommandLine}\nexit code {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
