namespace AIaaS.Http.Endpoints;

/// <summary>Triton's <c>$model_stat</c>: one model version's statistics.</summary>
internal sealed record ModelStatisticsResponse(
    string Name,
    string Version,
    long LastInference,
    long InferenceCount,
    long ExecutionCount,
    InferenceStatisticsResponse InferenceStats,
    IReadOnlyList<BatchStatisticsResponse> BatchStats);
