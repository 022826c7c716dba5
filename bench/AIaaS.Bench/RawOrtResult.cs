using AIaaS.Cli.Bench;

namespace AIaaS.Bench;

/// <summary>Raw ONNX Runtime at one batch size: items per second and the latency of each call.</summary>
internal sealed record RawOrtResult(int Batch, double ItemsPerSecond, LatencySummary Latency);
