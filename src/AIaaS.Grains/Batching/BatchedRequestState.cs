namespace AIaaS.Grains.Batching;

/// <summary>Where a <see cref="BatchedRequest"/> is: waiting, cut into a batch, or failed in the queue.</summary>
internal enum BatchedRequestState
{
    Queued,
    Taken,
    Removed,
}
