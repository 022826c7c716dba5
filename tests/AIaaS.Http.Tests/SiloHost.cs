using System.Globalization;
using System.Net;
using AIaaS.Http.Hosting;
using AIaaS.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AIaaS.Http.Tests;

/// <summary>
/// The real silo, built as <c>silos/AIaaS.Silo/Program.cs</c> builds it (<c>AddAIaaSSilo</c>,
/// <c>MapAIaaS</c>), started in this process in embedded mode: HTTP, silo and gateway on free
/// loopback ports, grain state under the given data directory.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly WebApplication _app;
    private int _stopped;

    private SiloHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client whose base address is the silo's HTTP endpoint on 127.0.0.1.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a silo and returns once <c>/v2/health/ready</c> answers 200.</summary>
    /// <param name="modelRepository">The model repository directory.</param>
    /// <param name="dataDirectory">Where grain state is kept; a restart reuses it.</param>
    /// <param name="clusterId">The cluster id; a restart passes the previous one.</param>
    /// <param name="settings">More configuration, as <c>key=value</c> switches (<c>AIaaS:Http:MaxRequestBodyBytes</c>).</param>
    public static async Task<SiloHost> StartAsync(
        string modelRepository,
        string dataDirectory,
        string? clusterId = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var ports = FreePort.Take(3);
        var args = new List<string>
        {
            "--urls", $"http://127.0.0.1:{ports[0]}",
            $"--AIaaS:ModelRepository={modelRepository}",
            $"--AIaaS:DataDirectory={dataDirectory}",
            $"--AIaaS:SiloPort={ports[1]}",
            $"--AIaaS:GatewayPort={ports[2]}",
            $"--AIaaS:ClusterId={clusterId ?? "http-tests-" + Guid.NewGuid().ToString("N")}",
            // The silo's information logs would drown the test output; warnings and errors still show.
            "--Logging:LogLevel:Default=Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args.Add($"--{key}={value}");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // A silo that hangs on stop must not hang the suite.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.AddAIaaSSilo();

        var app = builder.Build();
        app.MapAIaaS();
        var host = new SiloHost(app, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}/")));
        try
        {
            await app.StartAsync();
            await host.WaitUntilReadyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the silo gracefully (its grain state is on disk); idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        Client.Dispose();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilReadyAsync()
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        HttpStatusCode? last = null;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                using var response = await Client.GetAsync("v2/health/ready", timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"the silo at {BaseAddress} was not ready within {ReadyTimeout} (last status: {last?.ToString() ?? "none"})");
    }
}
