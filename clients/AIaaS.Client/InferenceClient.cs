using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Routing;
using AIaaS.Tensors;

namespace AIaaS.Client;

/// <summary>The SDK over the Orleans client: requests go straight to replicas through the client's own router.</summary>
internal sealed class InferenceClient(IClusterClient cluster, ModelRouter router, SessionStepCaller sessions) : IInferenceClient
{
    public async Task<IInferenceSession> OpenSessionAsync(string model, string? version = null, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        var deployment = await GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        if (!deployment.Versions.Any(v => v.Config.SequenceBatching is not null))
        {
            throw InferenceException.InvalidArgument($"model '{model}' has no sequence_batching: it is not stateful; call InferAsync instead");
        }

        return new InferenceSession(cluster, sessions, model, version, tenant: null, sessionId ?? Guid.NewGuid().ToString("N"));
    }

    public Task<InferenceResponse> InferAsync(string model, IReadOnlyList<TensorPayload> inputs, string? version = null, CancellationToken cancellationToken = default) =>
        InferAsync(model, new InferenceRequest { Inputs = inputs }, version, cancellationToken);

    public Task<InferenceResponse> InferAsync(string model, InferenceRequest request, string? version = null, CancellationToken cancellationToken = default) =>
        router.InferAsync(model, version, request, cancellationToken);

    public async Task<ModelDeployment> GetModelAsync(string model, CancellationToken cancellationToken = default)
    {
        var deployment = await cluster.GetGrain<IModelGrain>(model).GetDeployment().WaitAsync(cancellationToken).ConfigureAwait(false);
        return deployment.Versions.Count == 0 ? throw InferenceException.NotFound($"unknown model '{model}'") : deployment;
    }
}
