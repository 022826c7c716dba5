using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Client;

/// <summary>Calls models served by an AIaaS Grains cluster. Failures raise <see cref="Errors.InferenceException"/>.</summary>
public interface IInferenceClient
{
    /// <summary>Runs <paramref name="model"/> on <paramref name="inputs"/> and returns every output.</summary>
    /// <param name="version">A version number, or null for the model's traffic split (the newest ready version).</param>
    Task<InferenceResponse> InferAsync(string model, IReadOnlyList<TensorPayload> inputs, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a full request: inputs, requested outputs, priority, timeout.</summary>
    Task<InferenceResponse> InferAsync(string model, InferenceRequest request, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a session of a stateful model (one with <c>sequence_batching</c>): the server holds its
    /// state between <see cref="IInferenceSession.InferAsync"/> calls; disposing the session ends it.
    /// </summary>
    /// <param name="version">The version to pin, or null for the newest ready one.</param>
    /// <param name="sessionId">The session's id; a new GUID when null.</param>
    Task<IInferenceSession> OpenSessionAsync(string model, string? version = null, string? sessionId = null, CancellationToken cancellationToken = default);

    /// <summary>The model's versions, their status and, once loaded, their inputs and outputs.</summary>
    Task<ModelDeployment> GetModelAsync(string model, CancellationToken cancellationToken = default);
}
