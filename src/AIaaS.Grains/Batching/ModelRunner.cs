using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>Runs the model once, synchronously, on the calling thread: ONNX Runtime's <c>Run</c>.</summary>
public delegate IReadOnlyList<TensorPayload> ModelRunner(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs);
