namespace AIaaS.Bench.External;

/// <summary>
/// One run of a load generator process: the items it got answered with 200 per second of its
/// window, the requests that failed, and the CPU time the generator itself used (user + system,
/// its startup included) over its wall time, in cores; the median latency when the tool reports it.
/// </summary>
internal sealed record LoadRun(double ItemsPerSecond, long Errors, double ClientCores, TimeSpan Wall, TimeSpan? P50 = null);
