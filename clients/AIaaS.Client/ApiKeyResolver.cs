using AIaaS.Errors;
using AIaaS.Tenants;
using Microsoft.Extensions.Hosting;

namespace AIaaS.Client;

/// <summary>
/// Resolves the key once the client has connected (in <see cref="StartedAsync"/>, after every
/// hosted service, the Orleans client included, has started), so a wrong or revoked key fails the
/// host's start with a clear error instead of the first request.
/// </summary>
internal sealed class ApiKeyResolver(IClusterClient cluster, ApiKeyCredential credential) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var identity = await cluster.GetGrain<IApiKeyGrain>(ApiKeys.Hash(credential.Key)).Resolve().WaitAsync(cancellationToken).ConfigureAwait(false);
        credential.Tenant = identity?.Tenant
            ?? throw new InferenceException(InferenceErrorKind.Unauthenticated, $"the API key {ApiKeys.Shown(credential.Key)}... is unknown or revoked");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
