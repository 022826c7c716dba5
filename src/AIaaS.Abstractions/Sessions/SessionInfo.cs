namespace AIaaS.Sessions;

/// <summary>A session as its grain holds it, for the admin API and for clients resuming after a failover.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.session-info")]
public sealed record SessionInfo
{
    [Id(0)] public required string Tenant { get; init; }

    [Id(1)] public required string SessionId { get; init; }

    [Id(2)] public required string Model { get; init; }

    /// <summary>The version pinned at the start step.</summary>
    [Id(3)] public int Version { get; init; }

    /// <summary>The number the next step must carry.</summary>
    [Id(4)] public long NextNumber { get; init; }

    /// <summary>The last step whose resulting state is stored; -1 when none is.</summary>
    [Id(5)] public long CheckpointedNumber { get; init; } = -1;

    [Id(6)] public DateTimeOffset StartedAt { get; init; }

    [Id(7)] public DateTimeOffset LastStepAt { get; init; }

    /// <summary>True once the end step ran; the session is kept only to answer that step again.</summary>
    [Id(8)] public bool Ended { get; init; }

    /// <summary>The silo holding the session, as <c>host:port</c>.</summary>
    [Id(9)] public string Silo { get; init; } = "";
}
