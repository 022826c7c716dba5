using System.Diagnostics;
using System.Globalization;

namespace AIaaS.Testing;

/// <summary>
/// The real silo executable (<c>dotnet aiaas-silo.dll</c>) as a child process on loopback with
/// fresh HTTP, silo and gateway ports. Its stdout and stderr are kept in <see cref="Output"/>
/// for assertion messages.
/// <list type="bullet">
/// <item><see cref="StopAsync"/> is a graceful stop: SIGTERM (sent with <c>/bin/kill -TERM</c>,
/// because <see cref="Process.Kill()"/> sends SIGKILL on Unix), so the host shuts down, the silo
/// leaves the cluster and storage writes finish.</item>
/// <item><see cref="Kill"/> is a crash: SIGKILL, nothing runs in the silo.</item>
/// <item>Dispose kills whatever still runs.</item>
/// </list>
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private SiloProcess(Process process, SiloProcessOptions options, int httpPort, int siloPort, int gatewayPort, ProcessOutput output)
    {
        _process = process;
        Options = options;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Output = output;
        BaseAddress = SiloArguments.BaseAddress(httpPort);
    }

    /// <summary>The built silo in this test run's configuration.</summary>
    public static string AssemblyPath => BuildOutput.Assembly("silos/AIaaS.Silo", "aiaas-silo.dll");

    public SiloProcessOptions Options { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary><c>http://127.0.0.1:{HttpPort}/</c>.</summary>
    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public ProcessOutput Output { get; }

    /// <summary>Starts the silo and waits until <c>/v2/health/ready</c> (or <c>/v2/health/live</c>: <see cref="SiloProcessOptions.WaitForReady"/>) answers 200.</summary>
    public static async Task<SiloProcess> StartAsync(SiloProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var assembly = AssemblyPath;
        var ports = SiloArguments.TakePorts();
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            // The content root (appsettings.json) is the working directory.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        var arguments = new List<string> { assembly };
        arguments.AddRange(SiloArguments.Create(ports, options.ModelRepository, options.DataDirectory, options.ClusterId, options.ExtraUrls));
        arguments.Add($"--AIaaS:Role={options.Role}");
        // Orleans' placement pipeline logs every attempt at Information; keep the buffer to what matters.
        arguments.Add("--Logging:LogLevel:Polly=Warning");
        if (options.Redis is { } redis)
        {
            arguments.Add($"--AIaaS:Redis={redis}");
        }

        arguments.AddRange(options.ExtraArguments);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own environment must not move the silo's endpoints.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var output = new ProcessOutput();
        var process = new Process { StartInfo = start };
        output.Attach(process);
        output.Append($"$ dotnet {string.Join(' ', arguments)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, options, ports.Http, ports.Silo, ports.Gateway, output);
        try
        {
            await silo.WaitUntilReadyAsync(options.ReadyTimeout, cancellationToken).ConfigureAwait(false);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Graceful stop: SIGTERM, then waits for the exit (SIGKILL after 30 s). Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("/bin/kill")
            {
                ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) },
                UseShellExecute = false,
            })!;
            await kill.WaitForExitAsync().ConfigureAwait(false);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Output.Append($"[test] silo did not exit within {StopTimeout.TotalSeconds} s of SIGTERM; killing it");
                Kill();
            }
        }

        // The parameterless wait also drains the redirected streams into Output.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>A crash: SIGKILL, without shutdown.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>For assertion messages: which silo, and what it printed.</summary>
    public string Describe() => $"silo http={HttpPort} silo={SiloPort} gateway={GatewayPort} pid={_process.Id}\n{Output.Tail()}";

    public override string ToString() => $"silo http://127.0.0.1:{HttpPort}";

    private Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        SiloReadiness.WaitAsync(
            BaseAddress,
            timeout,
            ensureAlive: () =>
            {
                if (_process.HasExited)
                {
                    _process.WaitForExit();
                    throw new InvalidOperationException($"the silo exited with code {_process.ExitCode} before it was ready; its first error:\n{Output.FirstError()}\nits last output:\n{Output.Tail()}");
                }
            },
            describe: () => Output.Tail(),
            path: Options.WaitForReady ? "v2/health/ready" : "v2/health/live",
            cancellationToken: cancellationToken);
}
