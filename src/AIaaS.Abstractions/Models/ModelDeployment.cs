using AIaaS.Errors;

namespace AIaaS.Models;

/// <summary>The deployment record of a model: every version the cluster knows and its status.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-deployment")]
public sealed record ModelDeployment(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<ModelVersionInfo> Versions)
{
    public bool IsReady => Versions.Any(v => v.Status == ModelVersionStatus.Ready);

    /// <summary>The version <paramref name="version"/> names (<see cref="ModelVersionNumber"/>).</summary>
    /// <exception cref="InferenceException">InvalidArgument: not a version number; NotFound: no such version.</exception>
    public ModelVersionInfo FindVersion(string version)
    {
        var number = ModelVersionNumber.Parse(version);
        return Versions.FirstOrDefault(v => v.Version == number)
            ?? throw InferenceException.NotFound($"model '{Name}' has no version {version}");
    }
}
