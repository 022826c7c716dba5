using AIaaS.Inference.Batching;

namespace AIaaS.Grains.Batching;

/// <summary>One tenant's requests of one priority level, in arrival order.</summary>
internal sealed class TenantQueue(string tenant)
{
    private static readonly Predicate<BatchedRequest> NotQueued = static r => r.State != BatchedRequestState.Queued;

    private int _scan;

    public string Tenant { get; } = tenant;

    public List<BatchedRequest> Requests { get; } = [];

    /// <summary>Whether <see cref="NextCompatible"/> has run out in the current walk.</summary>
    public bool Exhausted => _scan < 0;

    /// <summary>Starts a walk over the queue from its oldest request.</summary>
    public void BeginScan() => _scan = 0;

    /// <summary>Ends the current walk: the tenant's requests are not for this batch.</summary>
    public void Exhaust() => _scan = -1;

    /// <summary>The next queued request of the walk with this key; null (and exhausted) when there is none.</summary>
    public BatchedRequest? NextCompatible(BatchKey key)
    {
        while (_scan >= 0 && _scan < Requests.Count)
        {
            var request = Requests[_scan++];
            if (request.State == BatchedRequestState.Queued && request.Key.Equals(key))
            {
                return request;
            }
        }

        _scan = -1;
        return null;
    }

    /// <summary>Drops requests that left the queue.</summary>
    public void Compact() => Requests.RemoveAll(NotQueued);
}
