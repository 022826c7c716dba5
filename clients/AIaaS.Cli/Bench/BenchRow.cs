namespace AIaaS.Cli.Bench;

/// <summary>One concurrency level of <c>aiaas bench</c>: client-side figures, and the server's when it reports statistics.</summary>
/// <param name="InferencesPerSecond">Successful requests times the batch size, per second of the window.</param>
/// <param name="FirstError">The earliest failure's message, when there were failures.</param>
/// <param name="Server">Null when the server gave no statistics.</param>
internal sealed record BenchRow(int Concurrency, double InferencesPerSecond, LatencySummary Latency, long Errors, string? FirstError, ServerSideLatency? Server);
