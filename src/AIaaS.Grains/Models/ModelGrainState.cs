using AIaaS.Models;

namespace AIaaS.Grains.Models;

/// <summary>What the model grain persists: the deployment record.</summary>
[GenerateSerializer, Alias("aiaas.model-grain-state")]
public sealed class ModelGrainState
{
    /// <summary>False until the repository first registered the model.</summary>
    [Id(0)] public bool Registered { get; set; }

    /// <summary>Ordered by version.</summary>
    [Id(1)] public List<ModelVersionInfo> Versions { get; set; } = [];

    /// <summary>Raised on every change of what routers should do.</summary>
    [Id(2)] public long Revision { get; set; }
}
