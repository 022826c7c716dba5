namespace AIaaS.Http.Endpoints;

/// <summary>Triton's <c>$duration_stat</c>: a count and a total in nanoseconds.</summary>
internal sealed record StatisticDurationResponse(long Count, long Ns);
