namespace AIaaS.Rollouts;

/// <summary>
/// A replica's running totals since it activated (<see cref="Epoch"/> names the activation, so a
/// reader can tell totals that restarted from zero), read by the model grain and differenced
/// against its previous reading to get one window.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.replica-figures")]
public sealed record ReplicaFigures(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] ServingFigures Totals);
