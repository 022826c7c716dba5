using AIaaS.Requests;

namespace AIaaS.Sessions;

/// <summary>What a step answers: the outputs (state outputs left out), its number, and how far the state is stored.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.session-step-result")]
public sealed class SessionStepResult
{
    [Id(0)] public required InferenceResponse Response { get; init; }

    /// <summary>This step's number.</summary>
    [Id(1)] public long Number { get; init; }

    /// <summary>The last step whose resulting state is stored; -1 when none is. A client replays the steps after it after a failover.</summary>
    [Id(2)] public long CheckpointedNumber { get; init; } = -1;

    /// <summary>True when the step was a retry answered from the kept result.</summary>
    [Id(3)] public bool Repeated { get; init; }
}
