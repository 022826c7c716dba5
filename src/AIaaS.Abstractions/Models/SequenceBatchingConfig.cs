namespace AIaaS.Models;

/// <summary>Triton's <c>sequence_batching</c> block: the model is stateful and called through sessions.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.sequence-batching")]
public sealed record SequenceBatchingConfig
{
    /// <summary>A session idle this long is closed.</summary>
    [Id(0)] public long MaxSequenceIdleMicroseconds { get; init; }

    /// <summary>Tensors carried from one step to the next.</summary>
    [Id(1)] public SequenceStateConfig[] State { get; init; } = [];

    /// <summary>Triton's <c>direct</c> strategy; at most one of this and <see cref="Oldest"/>.</summary>
    [Id(2)] public SequenceBatchingDirectConfig? Direct { get; init; }

    /// <summary>Triton's <c>oldest</c> strategy; at most one of this and <see cref="Direct"/>.</summary>
    [Id(3)] public SequenceBatchingOldestConfig? Oldest { get; init; }

    /// <summary>Ours: how often a session's state is stored; every step when absent.</summary>
    [Id(4)] public SequenceCheckpointConfig? Checkpoint { get; init; }
}
