namespace AIaaS.Grains.Placement;

/// <summary>Places a model replica by its model's accelerator, GPU memory and the spread of its siblings.</summary>
[GenerateSerializer, Immutable, Alias("aiaas.replica-placement")]
internal sealed class ReplicaPlacementStrategy : PlacementStrategy;
