using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Client;

/// <summary>
/// A session of a stateful model: the server holds its state between steps. Steps run one at a
/// time, in order. Disposing it ends the session on the server unless <see cref="EndAsync"/> did.
/// </summary>
public interface IInferenceSession : IAsyncDisposable
{
    /// <summary>The session's id, unique within the caller's tenant.</summary>
    string SessionId { get; }

    /// <summary>The number the next step will carry (0 before the first).</summary>
    long NextStep { get; }

    /// <summary>Runs the next step on <paramref name="inputs"/> (without the state the session supplies).</summary>
    Task<InferenceResponse> InferAsync(IReadOnlyList<TensorPayload> inputs, CancellationToken cancellationToken = default);

    /// <summary>Runs the last step and ends the session.</summary>
    Task<InferenceResponse> EndAsync(IReadOnlyList<TensorPayload> inputs, CancellationToken cancellationToken = default);
}
