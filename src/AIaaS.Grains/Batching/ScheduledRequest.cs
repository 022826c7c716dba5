using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>A request in a scheduler's queue, with the completion its caller awaits.</summary>
internal sealed class ScheduledRequest(InferenceRequest request, long enqueuedAt)
    : TaskCompletionSource<IReadOnlyList<TensorPayload>>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public InferenceRequest Request { get; } = request;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when queued.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;
}
