using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Ensembles;

/// <summary>One call a pipeline made to a step model, answered when the test says so.</summary>
internal sealed class StepCall(string model, string? version, InferenceRequest request)
{
    // Not RunContinuationsAsynchronously: answering a call runs the scheduler on to its next await
    // before Return or Fail returns, so a test can check at once which steps it has started since.
    private readonly TaskCompletionSource<InferenceResponse> _response = new();

    public string Model => model;

    public string? Version => version;

    public InferenceRequest Request => request;

    public Task<InferenceResponse> Response => _response.Task;

    public void Return(params TensorPayload[] outputs) =>
        _response.SetResult(new InferenceResponse { ModelName = model, ModelVersion = version ?? "1", Id = request.Id, Outputs = outputs });

    public void Fail(Exception exception) => _response.SetException(exception);
}
