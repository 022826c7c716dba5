using AIaaS.Grains.Rollouts;
using AIaaS.Models;
using AIaaS.Rollouts;

namespace AIaaS.Grains.Models;

/// <summary>What the model grain persists: the deployment record.</summary>
[GenerateSerializer, Alias("aiaas.model-grain-state")]
internal sealed class ModelGrainState
{
    /// <summary>False until the repository first registered the model.</summary>
    [Id(0)] public bool Registered { get; set; }

    /// <summary>Ordered by version.</summary>
    [Id(1)] public List<ModelVersionInfo> Versions { get; set; } = [];

    /// <summary>Raised on every change of what routers should do.</summary>
    [Id(2)] public long Revision { get; set; }

    /// <summary>The current or latest rollout; null when the model never had one.</summary>
    [Id(3)] public RolloutRecord? Rollout { get; set; }

    /// <summary>The latest replica count changes, oldest first.</summary>
    [Id(4)] public List<ScalingDecision> Scaling { get; set; } = [];
}
