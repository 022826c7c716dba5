namespace AIaaS.Models;

/// <summary>Serve the newest <see cref="NumVersions"/> versions.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.version-policy.latest")]
public sealed record LatestVersionPolicy([property: Id(0)] int NumVersions);
