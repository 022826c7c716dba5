namespace AIaaS.Grains.Sessions;

/// <summary>What a session stores at each checkpoint: enough to go on, on any silo, from the step after it.</summary>
[GenerateSerializer, Alias("aiaas.session-grain-state")]
internal sealed class SessionGrainState
{
    /// <summary>Empty while the session is not open.</summary>
    [Id(0)] public string Model { get; set; } = "";

    /// <summary>Pinned at the start step.</summary>
    [Id(1)] public int Version { get; set; }

    /// <summary>The number the next step must carry.</summary>
    [Id(2)] public long NextNumber { get; set; }

    /// <summary>One per <c>sequence_batching.state</c> entry, in entry order.</summary>
    [Id(3)] public List<StoredTensor> State { get; set; } = [];

    /// <summary>The outputs of step <see cref="NextNumber"/> - 1, answered again to a retry of that step.</summary>
    [Id(4)] public List<StoredTensor>? LastOutputs { get; set; }

    [Id(5)] public string? LastId { get; set; }

    [Id(6)] public DateTimeOffset StartedAt { get; set; }

    [Id(7)] public DateTimeOffset LastStepAt { get; set; }

    /// <summary>The end step ran; kept only to answer it again.</summary>
    [Id(8)] public bool Ended { get; set; }
}
