using AIaaS.Cli.Bench;

namespace AIaaS.Bench.Sessions;

/// <summary>The real-time sessions measurement's settings (<see cref="SessionsCommand"/>).</summary>
internal sealed record SessionsOptions
{
    public string Models { get; init; } = "models";

    /// <summary>The stateful model: silero-vad, or a variant of it in the same repository (another checkpoint policy).</summary>
    public string Model { get; init; } = "silero-vad";

    public IReadOnlyList<int> Sessions { get; init; } = [8, 16, 32, 64];

    public IReadOnlyList<string> Protocols { get; init; } = [BenchProtocols.Orleans, BenchProtocols.HttpJson];

    /// <summary>Each level's window, after a 1 s warm-up.</summary>
    public int Seconds { get; init; } = 10;
}
