using System.Text.Json.Serialization;

namespace AIaaS.Http.Endpoints;

/// <summary>Triton's <c>$model_stat</c>: one model version's statistics, and a stateful model's <c>sequence_stats</c>.</summary>
internal sealed record ModelStatisticsResponse(
    string Name,
    string Version,
    long LastInference,
    long InferenceCount,
    long ExecutionCount,
    InferenceStatisticsResponse InferenceStats,
    IReadOnlyList<BatchStatisticsResponse> BatchStats,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SequenceStatisticsResponse? SequenceStats);
