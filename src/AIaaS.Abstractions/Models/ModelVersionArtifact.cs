namespace AIaaS.Models;

/// <summary>One version's file in the model repository: <c>{repository}/{model}/{version}/model.onnx</c>.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-version-artifact")]
public sealed record ModelVersionArtifact(
    [property: Id(0)] int Version,
    [property: Id(1)] string Sha256);
