using AIaaS.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AIaaS.Cli.Remote;

/// <summary>
/// The .NET SDK (an Orleans client) connected to a local silo's gateway port, or to the gateways
/// a Redis-clustered deployment lists in Redis. Stopped on dispose.
/// </summary>
internal sealed class SdkConnection : IAsyncDisposable
{
    /// <summary>How long the client may take to reach a gateway; without a bound it would retry forever.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly IHost _host;

    private SdkConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IInferenceClient>();
    }

    public IInferenceClient Client { get; }

    /// <summary>Starts the client; a cluster that cannot be reached fails as <see cref="IsClusterFailure"/> says.</summary>
    public static async Task<SdkConnection> StartAsync(Action<AIaaSClientOptions> configure, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The Orleans client logs its connection chatter; stdout is for results and errors surface as exceptions.
        builder.Logging.ClearProviders();
        builder.Services.AddAIaaSClient(configure);
        var host = builder.Build();
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connecting.CancelAfter(ConnectTimeout);
            try
            {
                await host.StartAsync(connecting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no gateway of the cluster answered within {ConnectTimeout.TotalSeconds:0} s");
            }

            return new SdkConnection(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The SDK could not reach or keep a gateway (as opposed to the model refusing a request).</summary>
    public static bool IsClusterFailure(Exception exception) =>
        exception is OrleansException or SiloUnavailableException or TimeoutException or InvalidOperationException;

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
