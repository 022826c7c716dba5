namespace AIaaS.Models;

/// <summary>Serve every version in the repository.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.version-policy.all")]
public sealed record AllVersionPolicy;
