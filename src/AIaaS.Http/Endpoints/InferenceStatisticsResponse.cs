namespace AIaaS.Http.Endpoints;

/// <summary>Triton's <c>$inference_stats</c>. There is no response cache: <c>cache_hit</c> and <c>cache_miss</c> are always zero.</summary>
internal sealed record InferenceStatisticsResponse(
    StatisticDurationResponse Success,
    StatisticDurationResponse Fail,
    StatisticDurationResponse Queue,
    StatisticDurationResponse ComputeInput,
    StatisticDurationResponse ComputeInfer,
    StatisticDurationResponse ComputeOutput,
    StatisticDurationResponse CacheHit,
    StatisticDurationResponse CacheMiss);
