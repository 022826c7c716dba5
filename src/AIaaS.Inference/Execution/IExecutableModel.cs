using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Execution;

/// <summary>
/// What a replica runs synchronously on an executor: an ONNX Runtime session
/// (<see cref="OnnxModel"/>) or a C# processor (<see cref="Processors.ProcessorModel"/>). Both may
/// be run from many threads at once and are disposed only after every run has returned.
/// </summary>
internal interface IExecutableModel : IDisposable
{
    /// <summary>Inputs and outputs; -1 marks a dimension of any size.</summary>
    ModelSignature Signature { get; }

    /// <summary>Where runs execute (<c>CUDA</c> or <c>CPU</c>), a metrics label.</summary>
    string ExecutionProvider { get; }

    /// <summary>Runs once on validated inputs, returning the requested outputs (null: all, in signature order).</summary>
    /// <exception cref="Errors.InferenceException">The inputs cannot be processed (InvalidArgument) or the run failed.</exception>
    IReadOnlyList<TensorPayload> Run(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, out ComputeTimings timings);
}
