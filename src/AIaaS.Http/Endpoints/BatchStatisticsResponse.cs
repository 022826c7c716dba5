namespace AIaaS.Http.Endpoints;

/// <summary>One entry of Triton's <c>batch_stats</c>: the executions of one batch size (in items).</summary>
internal sealed record BatchStatisticsResponse(
    int BatchSize,
    StatisticDurationResponse ComputeInput,
    StatisticDurationResponse ComputeInfer,
    StatisticDurationResponse ComputeOutput);
