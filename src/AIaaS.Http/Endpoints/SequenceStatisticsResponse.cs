namespace AIaaS.Http.Endpoints;

/// <summary>
/// <c>sequence_stats</c> (ours, beside Triton's fields) of a stateful model version: sessions open
/// now, start steps, steps, repeated steps, failovers, and the stores of their state.
/// </summary>
internal sealed record SequenceStatisticsResponse(
    long Active,
    long Started,
    long Steps,
    long Repeated,
    long Failovers,
    StatisticDurationResponse Checkpoints);
