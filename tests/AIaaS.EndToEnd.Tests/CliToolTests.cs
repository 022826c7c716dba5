using System.Diagnostics;
using System.Globalization;
using AIaaS.Testing;
using Xunit.Abstractions;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// The <c>aiaas</c> CLI as an SRE gets it: packed as a .NET tool from the built project, installed
/// with <c>dotnet tool install</c> from that package alone (a NuGet config that clears every other
/// source: no network, and no package of the same name from nuget.org), then run by its command
/// name against the shared embedded silo and against nothing.
/// </summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class CliToolTests(EmbeddedSiloFixture fixture, ITestOutputHelper output)
{
    // A sanity bound, not a benchmark: `dotnet run` took 4 to 9 s, the installed tool about 0.4 s.
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 180_000)]
    public async Task ToolInstall_PackedCli_RunsStatusByCommandName()
    {
        using var directory = new TemporaryDirectory("aiaas-tool");
        var feed = directory.Combine("feed");
        var tools = directory.Combine("tools");
        // bin/{Configuration}/{tfm}/aiaas.dll: pack what the tests run, without building it again.
        var configuration = new DirectoryInfo(Path.GetDirectoryName(CliProcess.AssemblyPath)!).Parent!.Name;
        await RunAsync(BuildOutput.DotnetHost, ["pack", Path.Combine(RepositoryPaths.Root, "clients", "AIaaS.Cli"), "-c", configuration, "--no-build", "--nologo", "-v", "quiet", "-o", feed]);
        var config = directory.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="aiaas-tool" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await RunAsync(BuildOutput.DotnetHost, ["tool", "install", "AIaaS.Cli", "--tool-path", tools, "--configfile", config]);
        var aiaas = Path.Combine(tools, "aiaas");

        var help = await RunAsync(aiaas, ["--help"]);
        var url = fixture.Silo.BaseAddress.AbsoluteUri.TrimEnd('/');
        var status = await RunAsync(aiaas, ["status", "--url", url]);
        var nowhere = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");
        var unreachable = await RunAsync(aiaas, ["status", "--url", nowhere], expectSuccess: false);

        Assert.Contains("status", help.Stdout, StringComparison.Ordinal);
        Assert.Contains($"cluster at {url}: 1 silo (1 active)", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains($"cannot reach {nowhere}/admin/cluster", unreachable.Stderr, StringComparison.Ordinal);
        output.WriteLine($"installed aiaas: --help {help.Elapsed.TotalSeconds:0.00} s, status {status.Elapsed.TotalSeconds:0.00} s, status (nothing listening) {unreachable.Elapsed.TotalSeconds:0.00} s");
        Assert.All([help, status, unreachable], run => Assert.True(run.Elapsed < StartBound, $"{run.CommandLine} took {run.Elapsed.TotalSeconds:0.00} s"));
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, string CommandLine)> RunAsync(string file, string[] arguments, bool expectSuccess = true)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under MSBuild's environment, which would point a nested pack at the
        // test run's MSBuild; the tool's apphost finds the runtime next to the dotnet running the tests.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        if (Path.IsPathRooted(BuildOutput.DotnetHost))
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(BuildOutput.DotnetHost);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var elapsed = clock.Elapsed;
        var commandLine = $"{Path.GetFileName(file)} {string.Join(' ', arguments)}";
        var result = (process.ExitCode, await stdout, await stderr, elapsed, commandLine);
        Assert.True(!expectSuccess || result.ExitCode == 0, $"$ {commandLine}\nexit code {result.ExitCode}\n{result.Item2}\n{result.Item3}");
        return result;
    }
}
