using AIaaS.Inference.Execution;
using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>
/// Runs the model once, synchronously, on the calling thread: ONNX Runtime's <c>Run</c>, saying
/// how long it spent building inputs, running and copying outputs.
/// </summary>
internal delegate IReadOnlyList<TensorPayload> ModelRunner(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, out ComputeTimings timings);
