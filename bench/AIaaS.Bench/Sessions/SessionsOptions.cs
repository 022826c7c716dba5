using AIaaS.Cli.Bench;

namespace AIaaS.Bench.Sessions;

/// <summary>The real-time sessions measurement's settings (<see cref="SessionsCommand"/>).</summary>
internal sealed record SessionsOptions
{
    /// <summary>The pulled models: silero-vad is copied from here into the bench's own repository.</summary>
    public string Models { get; init; } = "models";

    public IReadOnlyList<int> Sessions { get; init; } = [8, 16, 32, 64];

    public IReadOnlyList<string> Protocols { get; init; } = [BenchProtocols.Orleans, BenchProtocols.HttpJson];

    /// <summary>Checkpoint policies, one silero-vad variant each: 1 is <c>every_step</c>, N is <c>{"every": N}</c>.</summary>
    public IReadOnlyList<int> Checkpoints { get; init; } = [1, 32];

    /// <summary>Each level's window, after <see cref="Warmup"/>.</summary>
    public int Seconds { get; init; } = 10;

    /// <summary>Seconds each level's sessions step before the window opens (activations, JIT tiering, first batches).</summary>
    public int Warmup { get; init; } = 1;

    /// <summary>Seconds the silo serves the largest level over each protocol, uncounted, before any level is measured.</summary>
    public int SiloWarmup { get; init; } = 20;

    /// <summary>A redis-server process holds membership and session state (the cluster mode) instead of files (embedded).</summary>
    public bool Redis { get; init; }
}
