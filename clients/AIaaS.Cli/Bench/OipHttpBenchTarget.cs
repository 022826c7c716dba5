using AIaaS.Cli.Remote;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Cli.Bench;

/// <summary>A model over the Open Inference Protocol: JSON bodies, or binary ones (<see cref="OipRequestBody.Binary"/>).</summary>
internal sealed class OipHttpBenchTarget(OipHttpClient http, string model, string? version, bool binary) : IBenchTarget
{
    public string Protocol => binary ? BenchProtocols.HttpBinary : BenchProtocols.HttpJson;

    public Task<IReadOnlyList<TensorSpec>> GetInputsAsync(CancellationToken cancellationToken) =>
        http.GetInputsAsync(model, version, cancellationToken);

    public Func<CancellationToken, Task> Prepare(InferenceRequest request) =>
        http.CreateCall(http.ModelUri(model, version, "/infer"), binary ? OipRequestBody.Binary(request) : OipRequestBody.Json(request));
}
