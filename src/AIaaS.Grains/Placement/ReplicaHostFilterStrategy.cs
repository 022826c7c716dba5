using Orleans.Placement;

namespace AIaaS.Grains.Placement;

/// <summary>The strategy behind <see cref="ReplicaHostFilterAttribute"/>; it has no parameters.</summary>
internal sealed class ReplicaHostFilterStrategy() : PlacementFilterStrategy(order: 0);
