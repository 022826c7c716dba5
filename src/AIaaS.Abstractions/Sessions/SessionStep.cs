using AIaaS.Requests;

namespace AIaaS.Sessions;

/// <summary>
/// One step of a session, as Triton's sequence extension carries it (<c>sequence_start</c>,
/// <c>sequence_end</c>) plus ours: the step number, counting from 0 at the start step.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.session-step")]
public sealed class SessionStep
{
    [Id(0)] public required string Model { get; init; }

    /// <summary>The version a start step asks for; null for the newest ready one. Later steps use the pinned version.</summary>
    [Id(1)] public string? Version { get; init; }

    [Id(2)] public bool Start { get; init; }

    [Id(3)] public bool End { get; init; }

    /// <summary>
    /// The step's number; null to take the next. A number equal to the last answered step is a retry
    /// and is answered again without advancing; any other number but the next is a conflict.
    /// </summary>
    [Id(4)] public long? Number { get; init; }

    /// <summary>The step's own inputs, without the state the session supplies.</summary>
    [Id(5)] public required InferenceRequest Request { get; init; }
}
