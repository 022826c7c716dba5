namespace AIaaS.Bench;

/// <summary>The in-process harness's settings (<see cref="ThroughputCommand"/>).</summary>
internal sealed record BenchOptions
{
    public string Models { get; init; } = "models";

    public int Seconds { get; init; } = 5;

    public int Concurrency { get; init; } = 32;

    public int Rounds { get; init; } = 2;

    /// <summary><c>cls</c> or <c>tiny</c> to run one model's part (null runs both); <c>null</c> the cls-sized null model's.</summary>
    public string? Only { get; init; }

    /// <summary>Only the serving paths whose name contains one of these texts, separated by <c>|</c>; null for all.</summary>
    public string? Paths { get; init; }

    public bool Selects(string path) =>
        Paths is null || Paths.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(p => path.Contains(p, StringComparison.Ordinal));

    /// <summary><c>--AIaaS:Key=value</c> settings passed to the silo.</summary>
    public IReadOnlyList<string> SiloSettings { get; init; } = [];
}
