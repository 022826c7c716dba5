namespace AIaaS.Models;

/// <summary>Triton's <c>ensemble_scheduling</c> block: the steps of a pipeline (<c>platform: "ensemble"</c>).</summary>
[GenerateSerializer, Immutable, Alias("aiaas.ensemble-scheduling")]
public sealed record EnsembleSchedulingConfig
{
    /// <summary>The steps, in any order: each runs as soon as every tensor it reads exists.</summary>
    [Id(0)] public EnsembleStepConfig[] Step { get; init; } = [];
}
