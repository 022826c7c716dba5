using Orleans.Placement;

namespace AIaaS.Grains.Placement;

/// <summary>Marks a grain keyed <c>{model}/{version}/{index}</c> for <see cref="ReplicaPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class ReplicaPlacementAttribute() : PlacementAttribute(new ReplicaPlacementStrategy());
