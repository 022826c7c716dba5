namespace AIaaS.Models;

/// <summary>A model as the repository holds it: its normalised configuration and the versions on disk.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-definition")]
public sealed record ModelDefinition(
    [property: Id(0)] ModelConfig Config,
    [property: Id(1)] IReadOnlyList<ModelVersionArtifact> Versions)
{
    public string Name => Config.Name;
}
