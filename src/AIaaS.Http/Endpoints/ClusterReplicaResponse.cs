namespace AIaaS.Http.Endpoints;

/// <summary>One replica grain, <c>{model}/{version}/{index}</c>, in <see cref="ClusterSiloResponse"/>.</summary>
internal sealed record ClusterReplicaResponse(string Model, int Version, int Index);
