namespace AIaaS.Models;

/// <summary>
/// Triton's <c>sequence_batching.oldest</c>: steps of the sessions waiting longest form a batch,
/// cut at a preferred size or once the oldest has waited <see cref="MaxQueueDelayMicroseconds"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.sequence-oldest")]
public sealed record SequenceBatchingOldestConfig
{
    /// <summary>Sessions whose steps may wait for a batch at once on one replica; more are refused (503).</summary>
    [Id(0)] public int MaxCandidateSequences { get; init; }

    [Id(1)] public int[] PreferredBatchSize { get; init; } = [];

    [Id(2)] public long MaxQueueDelayMicroseconds { get; init; }
}
