using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>
/// A C# pipeline step (<c>platform: "aiaas_processor"</c>): pure, synchronous and thread-safe, so a
/// replica's executors run it as they run an ONNX session.
/// </summary>
internal interface IProcessor
{
    /// <summary>Inputs and outputs, fixed by the processor and its parameters.</summary>
    ModelSignature Signature { get; }

    /// <summary>
    /// Processes validated inputs (named as in <see cref="Signature"/>, in any order) and returns
    /// every output in signature order. Bad content (an image that does not decode) is an
    /// <see cref="Errors.InferenceException"/> of kind InvalidArgument naming the input.
    /// </summary>
    IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs);
}
