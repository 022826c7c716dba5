namespace AIaaS.Models;

/// <summary>
/// Triton's <c>sequence_batching.direct</c>: every session's step goes to the next batch of its
/// version, which waits at most <see cref="MaxQueueDelayMicroseconds"/> for other sessions' steps.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.sequence-direct")]
public sealed record SequenceBatchingDirectConfig
{
    [Id(0)] public long MaxQueueDelayMicroseconds { get; init; }
}
