using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Cli.Bench;

/// <summary>One model behind one protocol, as the load generator calls it.</summary>
internal interface IBenchTarget
{
    /// <summary>The protocol's name (<see cref="BenchProtocols"/>).</summary>
    string Protocol { get; }

    /// <summary>The inputs the model (or the chosen version) declares.</summary>
    /// <exception cref="Errors.InferenceException">Unknown model or version, a model not ready, a server that cannot be reached.</exception>
    Task<IReadOnlyList<TensorSpec>> GetInputsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Encodes <paramref name="request"/> once and returns a call that sends that encoding; the call
    /// may run concurrently and throws on failure.
    /// </summary>
    Func<CancellationToken, Task> Prepare(InferenceRequest request);
}
