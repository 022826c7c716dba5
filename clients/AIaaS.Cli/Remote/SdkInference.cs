using AIaaS.Client;
using AIaaS.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AIaaS.Cli.Remote;

/// <summary>
/// Inference through the .NET SDK (an Orleans client): to a local silo's gateway port, or to
/// the gateways a Redis-clustered deployment lists in Redis.
/// </summary>
internal static class SdkInference
{
    public static async Task<InferenceResponse> InferAsync(
        Action<AIaaSClientOptions> configure, string model, string? version, InferenceRequest request, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The Orleans client logs its connection chatter; stdout is for results and errors surface as exceptions.
        builder.Logging.ClearProviders();
        builder.Services.AddAIaaSClient(configure);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var client = host.Services.GetRequiredService<IInferenceClient>();
            return await client.InferAsync(model, request, version, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
    }
}
