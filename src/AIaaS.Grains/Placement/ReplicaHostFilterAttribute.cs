using Orleans.Placement;

namespace AIaaS.Grains.Placement;

/// <summary>Keeps a grain off silos whose <c>aiaas.role</c> is front (or not yet known).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class ReplicaHostFilterAttribute() : PlacementFilterAttribute(new ReplicaHostFilterStrategy());
