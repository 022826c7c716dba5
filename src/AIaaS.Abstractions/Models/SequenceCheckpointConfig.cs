namespace AIaaS.Models;

/// <summary>
/// Ours: how often a session stores its state. In <c>config.json</c> either <c>"every_step"</c>
/// (a step is answered only once its state is stored) or <c>{"every": N}</c> (the state is stored
/// after every Nth step; a client replays the steps since the last store after a failover).
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.sequence-checkpoint")]
public sealed record SequenceCheckpointConfig
{
    /// <summary>Every step (the default).</summary>
    public static SequenceCheckpointConfig EveryStep { get; } = new() { Every = 1 };

    /// <summary>Steps between two stores; 1 is <c>every_step</c>.</summary>
    [Id(0)] public int Every { get; init; } = 1;
}
