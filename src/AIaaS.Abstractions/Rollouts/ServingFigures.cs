namespace AIaaS.Rollouts;

/// <summary>
/// What one version (or one replica) served over a window: requests, server errors, a latency
/// histogram (counts per bucket of <c>LatencyBuckets</c> in the grains), the time requests were in
/// flight (for average concurrency), and, for a shadowed candidate, how its outputs compared with
/// the stable version's.
/// </summary>
/// <param name="Requests">Requests answered, successfully or not.</param>
/// <param name="ServerErrors">Requests that failed with a server-side kind (500, 503, 504), and shadow copies that failed in any way (the stable version answered the same request).</param>
/// <param name="Latency">Requests per latency bucket.</param>
/// <param name="BusyMicroseconds">The requests' latencies added up: over the window's length, the average requests in flight.</param>
/// <param name="Compared">Shadow requests whose outputs were compared with the stable version's.</param>
/// <param name="Top1Rows">Rows of classifier outputs compared by their top-1 class.</param>
/// <param name="Top1Agreed">Of those, rows whose top-1 class matched.</param>
/// <param name="MaxOutputDiff">Largest absolute difference of an output element seen (infinite for a shape or type mismatch).</param>
[GenerateSerializer, Immutable, Alias("aiaas.serving-figures")]
public sealed record ServingFigures(
    [property: Id(0)] long Requests,
    [property: Id(1)] long ServerErrors,
    [property: Id(2)] long[] Latency,
    [property: Id(3)] long BusyMicroseconds,
    [property: Id(4)] long Compared,
    [property: Id(5)] long Top1Rows,
    [property: Id(6)] long Top1Agreed,
    [property: Id(7)] double MaxOutputDiff);
