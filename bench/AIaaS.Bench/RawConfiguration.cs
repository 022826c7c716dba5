using AIaaS.Inference.Execution;

namespace AIaaS.Bench;

/// <summary>One way of calling ONNX Runtime for the raw ceiling: a session and how many threads call it at once.</summary>
internal sealed record RawConfiguration(string Name, OnnxModel Session, int Callers);
