namespace AIaaS.Models;

/// <summary>Triton's <c>version_policy</c>: exactly one of its members is set; none means the latest version.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.version-policy")]
public sealed record VersionPolicy
{
    [Id(0)] public LatestVersionPolicy? Latest { get; init; }

    [Id(1)] public AllVersionPolicy? All { get; init; }

    [Id(2)] public SpecificVersionPolicy? Specific { get; init; }
}
