using System.Threading.Channels;
using AIaaS.Grains.Ensembles;
using AIaaS.Requests;

namespace AIaaS.Grains.Tests.Ensembles;

/// <summary>
/// Stands in for the router behind a pipeline: records each step call and leaves it running until
/// the test answers it, so a test decides the order in which steps finish.
/// </summary>
internal sealed class GatedStepInvoker
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly Channel<StepCall> _calls = Channel.CreateUnbounded<StepCall>();

    public StepInvoker Invoker => InvokeAsync;

    /// <summary>Whether a call was made that <see cref="NextCallAsync"/> has not returned yet.</summary>
    public bool HasUntakenCall => _calls.Reader.TryPeek(out _);

    /// <summary>The next call, in the order they were made; bounded, so a call never made fails the test instead of hanging it.</summary>
    public async Task<StepCall> NextCallAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(WaitLimit);

    private Task<InferenceResponse> InvokeAsync(string model, string? version, InferenceRequest request)
    {
        var call = new StepCall(model, version, request);
        _calls.Writer.TryWrite(call);
        return call.Response;
    }
}
