using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>What a key's grain persists.</summary>
[GenerateSerializer, Alias("aiaas.api-key-grain-state")]
internal sealed class ApiKeyGrainState
{
    [Id(0)] public ApiKeyIdentity? Identity { get; set; }

    /// <summary>The SHA-256 the grain was bound under, compared with its key on every resolve.</summary>
    [Id(1)] public string Sha256 { get; set; } = "";

    [Id(2)] public bool Revoked { get; set; }
}
