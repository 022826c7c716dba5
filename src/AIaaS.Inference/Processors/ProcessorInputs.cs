using System.Runtime.InteropServices;
using AIaaS.Errors;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>A processor's inputs by name, read without copies.</summary>
internal sealed class ProcessorInputs(IReadOnlyList<TensorPayload> inputs)
{
    /// <summary>The input named <paramref name="name"/>; the validator has checked that it is there.</summary>
    public TensorPayload this[string name]
    {
        get
        {
            foreach (var input in inputs)
            {
                if (string.Equals(input.Name, name, StringComparison.Ordinal))
                {
                    return input;
                }
            }

            throw InferenceException.InvalidArgument($"input '{name}' is missing");
        }
    }

    /// <summary>The FP32 elements of input <paramref name="name"/>, over its memory.</summary>
    public ReadOnlySpan<float> Floats(string name) => MemoryMarshal.Cast<byte, float>(this[name].Data.Span);

    /// <summary>The INT64 elements of input <paramref name="name"/>, over its memory.</summary>
    public ReadOnlySpan<long> Int64s(string name) => MemoryMarshal.Cast<byte, long>(this[name].Data.Span);
}
