namespace AIaaS.Http.Endpoints;

/// <summary>The statistics extension's answer, <c>GET /v2/models[/{m}[/versions/{v}]]/stats</c>.</summary>
internal sealed record StatisticsResponse(IReadOnlyList<ModelStatisticsResponse> ModelStats);
