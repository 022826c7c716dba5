namespace AIaaS.Bench.External;

/// <summary>The external measurement's settings (<see cref="ExternalCommand"/>).</summary>
internal sealed record ExternalOptions
{
    public string Models { get; init; } = "models";

    /// <summary><c>hey</c> or <c>aiaas</c>.</summary>
    public string Tool { get; init; } = "hey";

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 8, 32, 64];

    public int Seconds { get; init; } = 10;

    public int Rounds { get; init; } = 3;
}
