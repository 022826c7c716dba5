using AIaaS.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AIaaS.Testing;

/// <summary>The .NET SDK as an application hosts it: a started host with <c>AddAIaaSClient</c>.</summary>
public sealed class SdkClient : IAsyncDisposable
{
    private readonly IHost _host;

    private SdkClient(IHost host)
    {
        _host = host;
        Inference = host.Services.GetRequiredService<IInferenceClient>();
        Deployment = host.Services.GetRequiredService<IDeploymentClient>();
    }

    public IInferenceClient Inference { get; }

    /// <summary>The Orleans client underneath, for calls the SDK does not wrap (what a client could try on its own).</summary>
    public IClusterClient Cluster => _host.Services.GetRequiredService<IClusterClient>();

    public IDeploymentClient Deployment { get; }

    public static async Task<SdkClient> StartAsync(Action<AIaaSClientOptions> configure, TimeSpan? timeout = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddAIaaSClient(configure);
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
            return new SdkClient(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(stopping.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
