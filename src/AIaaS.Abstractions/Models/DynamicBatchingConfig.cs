namespace AIaaS.Models;

/// <summary>Triton's <c>dynamic_batching</c> block, with its names and meanings.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.dynamic-batching")]
public sealed record DynamicBatchingConfig
{
    /// <summary>Batch sizes that cut a batch as soon as they are reached.</summary>
    [Id(0)] public int[] PreferredBatchSize { get; init; } = [];

    /// <summary>Longest the oldest request waits for a batch to fill.</summary>
    [Id(1)] public long MaxQueueDelayMicroseconds { get; init; }

    /// <summary>Requests queued at most; 0 means unbounded. A full queue rejects at once.</summary>
    [Id(2)] public int MaxQueueSize { get; init; }

    /// <summary>Longest a request waits in the queue unless it says otherwise; 0 means no limit.</summary>
    [Id(3)] public long DefaultTimeoutMicroseconds { get; init; }

    /// <summary>Number of priority levels; 0 means one level.</summary>
    [Id(4)] public int PriorityLevels { get; init; }

    /// <summary>Level of a request that names none.</summary>
    [Id(5)] public int DefaultPriorityLevel { get; init; }

    /// <summary>
    /// Ours, not Triton's: true cuts batches exactly as Triton's dynamic batcher does (a free
    /// executor waits up to <see cref="MaxQueueDelayMicroseconds"/> for a preferred size). False,
    /// the default, lets a free executor run what has queued at once, in batches no larger than the
    /// size measured cheapest per item, so batching never serves less than its absence.
    /// </summary>
    [Id(6)] public bool TritonBatching { get; init; }

    /// <summary>
    /// Ours, for ragged batching (<c>allow_ragged_batch</c>): the most elements a batch may run,
    /// padding included, per element its requests sent. A request whose length would carry the batch
    /// past it waits for a batch of its own length. 0, the default, pads to the longest as Triton does.
    /// </summary>
    [Id(7)] public double MaxPaddingRatio { get; init; }

    /// <summary>
    /// Ours: whether a model with two or more executors keeps one for light tenants while another
    /// tenant floods it (see <c>docs/models.md</c>, "Tenant isolation"). Null, the default, is
    /// true; false shares every executor across tenants by the queue's round-robin alone.
    /// </summary>
    [Id(8)] public bool? IsolateTenants { get; init; }
}
