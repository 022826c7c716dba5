namespace AIaaS.Models;

/// <summary>The deployment record of a model: every version the cluster knows and its status.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-deployment")]
public sealed record ModelDeployment(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<ModelVersionInfo> Versions)
{
    public bool IsReady => Versions.Any(v => v.Status == ModelVersionStatus.Ready);
}
