using System.Net.Http.Json;
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
        var ports = SiloArguments.TakePorts();
        var args = SiloArguments.Create(ports, modelRepository, dataDirectory, clusterId ?? "http-tests-" + Guid.NewGuid().ToString("N"));
        // The silo's information logs would drown the test output; warnings and errors still show.
        args.Add("--Logging:LogLevel:Default=Warning");
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
        var host = new SiloHost(app, SiloArguments.BaseAddress(ports.Http));
        try
        {
            await app.StartAsync();
            await SiloReadiness.WaitAsync(host.BaseAddress, ReadyTimeout);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Polls <c>/v2/models/{model}/ready</c> until it answers 200 (a pipeline loads after its
    /// steps); after <see cref="ReadyTimeout"/>, fails with the repository index, which says why.
    /// </summary>
    public async Task WaitUntilModelReadyAsync(string model)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            using var response = await Client.GetAsync($"v2/models/{model}/ready");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                using var index = await Client.PostAsJsonAsync("v2/repository/index", new { });
                throw new TimeoutException($"model '{model}' did not become ready: {await index.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
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

    /// <summary>A fixture's teardown: stops the silo if it started, then deletes its directories whatever happened.</summary>
    public static async Task DisposeAsync(SiloHost? host, params IDisposable[] directories)
    {
        try
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
        finally
        {
            foreach (var directory in directories)
            {
                directory.Dispose();
            }
        }
    }
}
