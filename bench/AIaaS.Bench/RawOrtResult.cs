using AIaaS.Cli.Bench;

namespace AIaaS.Bench;

/// <summary>Raw ONNX Runtime at one batch size: items per second, the latency of each call, and the cores the process used meanwhile.</summary>
internal sealed record RawOrtResult(int Batch, double ItemsPerSecond, LatencySummary Latency, double Cores);
