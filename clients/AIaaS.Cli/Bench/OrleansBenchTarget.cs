using AIaaS.Client;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Cli.Bench;

/// <summary>
/// A model through the .NET SDK. The request's tensors are built once; Orleans serializes them on
/// every call, which is this protocol's own cost (one block per tensor).
/// </summary>
internal sealed class OrleansBenchTarget(IInferenceClient client, string model, string? version) : IBenchTarget
{
    public string Protocol => BenchProtocols.Orleans;

    /// <summary>The signature of the requested version, or of the newest ready one (what a request without a version runs on).</summary>
    public async Task<IReadOnlyList<TensorSpec>> GetInputsAsync(CancellationToken cancellationToken)
    {
        var deployment = await client.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        ModelVersionInfo? chosen;
        if (version is null)
        {
            chosen = deployment.Versions.LastOrDefault(v => v.Status == ModelVersionStatus.Ready);
        }
        else
        {
            chosen = deployment.FindVersion(version);
        }

        return chosen is { Status: ModelVersionStatus.Ready, Signature: { } signature }
            ? signature.Inputs
            : throw InferenceException.Unavailable(version is null ? $"model '{model}' is not ready" : $"model '{model}' version {version} is not ready");
    }

    public Func<CancellationToken, Task> Prepare(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cancellationToken => client.InferAsync(model, request, version, cancellationToken);
    }
}
