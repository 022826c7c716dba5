namespace AIaaS.Bench.Tenancy;

/// <summary>The tenancy measurement's settings (<see cref="TenancyCommand"/>).</summary>
internal sealed record TenancyOptions
{
    public string Models { get; init; } = "models";

    public int Seconds { get; init; } = 8;

    public int Rounds { get; init; } = 3;

    /// <summary>Concurrency of the flooding tenant in the fairness runs.</summary>
    public int Flood { get; init; } = 64;

    /// <summary>Only the quiet tenant beside floods on the compute-bound model: no auth cost, no ppocr-cls runs.</summary>
    public bool FairnessOnly { get; init; }

    /// <summary>Only the cost of keys, quotas and metering: the two silos at c=1 and c=32, no fairness runs.</summary>
    public bool CostOnly { get; init; }
}
