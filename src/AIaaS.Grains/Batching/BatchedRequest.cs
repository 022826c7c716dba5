using System.Diagnostics;
using AIaaS.Requests;
using AIaaS.Inference.Batching;
using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>
/// A request in a <see cref="DynamicBatchScheduler"/>'s queue, with what batching needs computed once
/// on enqueue, and the completion its caller awaits.
/// </summary>
internal sealed class BatchedRequest(InferenceRequest request, BatchKey key, int batchSize, int level, long enqueuedAt, long deadline)
    : TaskCompletionSource<IReadOnlyList<TensorPayload>>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public InferenceRequest Request { get; } = request;

    public BatchKey Key { get; } = key;

    /// <summary>Dimension 0 of the request's batched inputs.</summary>
    public int BatchSize { get; } = batchSize;

    /// <summary>Length on axis 1 of the request's ragged inputs (what a batch pads); 0 when it has none.</summary>
    public int RaggedLength { get; init; }

    /// <summary>Index of the priority level: priority 1 is 0.</summary>
    public int Level { get; } = level;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when queued.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Timestamp after which the request fails rather than runs; <see cref="long.MaxValue"/> for none.</summary>
    public long Deadline { get; } = deadline;

    /// <summary>The trace context of the request's caller (the replica span), for its queue-wait span and the batch's links.</summary>
    public ActivityContext Caller { get; init; }

    /// <summary>When queued, on the wall clock spans are drawn on.</summary>
    public DateTimeOffset EnqueuedUtc { get; init; }

    /// <summary>Changed only under the scheduler's lock.</summary>
    public BatchedRequestState State { get; set; }
}
