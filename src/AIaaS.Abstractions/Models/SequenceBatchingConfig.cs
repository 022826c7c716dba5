namespace AIaaS.Models;

/// <summary>Triton's <c>sequence_batching</c> block: the model is stateful and called through sessions.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.sequence-batching")]
public sealed record SequenceBatchingConfig
{
    /// <summary>A session idle this long is closed.</summary>
    [Id(0)] public long MaxSequenceIdleMicroseconds { get; init; }

    /// <summary>Tensors carried from one step to the next.</summary>
    [Id(1)] public SequenceStateConfig[] State { get; init; } = [];
}
