namespace AIaaS.Models;

/// <summary>
/// Where requests for one model go: each ready version with its traffic weight and replica
/// count. A higher <see cref="Revision"/> replaces a lower one.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.routing-table")]
public sealed record RoutingTable(
    [property: Id(0)] string Model,
    [property: Id(1)] long Revision,
    [property: Id(2)] IReadOnlyList<RoutedVersion> Versions);
