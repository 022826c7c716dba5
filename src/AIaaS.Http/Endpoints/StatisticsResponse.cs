namespace AIaaS.Http.Endpoints;

/// <summary>The statistics extension's answer, <c>GET /v2/models[/{m}[/versions/{v}]]/stats</c>.</summary>
public sealed record StatisticsResponse(IReadOnlyList<ModelStatisticsResponse> ModelStats);
