using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using AIaaS.Testing;

namespace AIaaS.Http.Tests;

/// <summary>
/// The real silo executable (<c>aiaas-silo</c>, built by this project's reference to it) in a
/// child process, for requests that could take a process down: a crash fails the test that
/// sent the request instead of aborting the whole test run.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output);

    public static async Task<SiloProcess> StartAsync(string modelRepository, string dataDirectory)
    {
        var executable = Path.Combine(RepositoryPaths.Root, "silos", "AIaaS.Silo", "bin", BuildConfiguration, "net10.0", "aiaas-silo.dll");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} does not exist; build silos/AIaaS.Silo ({BuildConfiguration}) first");
        }

        var ports = FreePort.Take(3);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        foreach (var arg in new[]
        {
            "exec", executable,
            "--urls", $"http://127.0.0.1:{ports[0]}",
            $"--AIaaS:ModelRepository={modelRepository}",
            $"--AIaaS:DataDirectory={dataDirectory}",
            $"--AIaaS:SiloPort={ports[1]}",
            $"--AIaaS:GatewayPort={ports[2]}",
            $"--AIaaS:ClusterId=http-tests-process-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var silo = new SiloProcess(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}/")));
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitUntilReadyAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            // Only this child and what it started.
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }

    private static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo process exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await Client.GetAsync("v2/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the silo process at {BaseAddress} was not ready within {ReadyTimeout}:{Environment.NewLine}{OutputTail}");
    }
}
