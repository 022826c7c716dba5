namespace AIaaS.Models;

/// <summary>Serve the listed versions.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.version-policy.specific")]
public sealed record SpecificVersionPolicy([property: Id(0)] int[] Versions);
