namespace AIaaS.Models;

/// <summary>The deployment record of one model version.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-version-info")]
public sealed record ModelVersionInfo
{
    [Id(0)] public required int Version { get; init; }

    [Id(1)] public required ModelVersionStatus Status { get; init; }

    /// <summary>Why the version is not ready, when it is not.</summary>
    [Id(2)] public string? Reason { get; init; }

    [Id(3)] public required ModelConfig Config { get; init; }

    [Id(4)] public required string Sha256 { get; init; }

    /// <summary>Known once the version has loaded.</summary>
    [Id(5)] public ModelSignature? Signature { get; init; }

    /// <summary>
    /// Failed for a reason that may pass (no eligible worker silo yet, a file still arriving):
    /// the model grain loads it again every few seconds until it loads or is unloaded.
    /// </summary>
    [Id(6)] public bool Retrying { get; init; }
}
