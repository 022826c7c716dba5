using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// Which tensors carry the batch on axis 0. For now a rank-0 input has no batch axis (silero's
/// <c>sr</c>); every other input of a model with <c>max_batch_size</c> above 0 is batched on axis 0.
/// </summary>
internal static class BatchAxis
{
    public static bool IsBatched(TensorPayload input) => input.Shape.Length > 0;

    /// <summary>Whether two tensors agree on everything but the batch dimension: name, datatype, rank, dims 1..n.</summary>
    public static bool SameNonBatchShape(TensorPayload a, TensorPayload b)
    {
        if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal) || a.DataType != b.DataType || a.Shape.Length != b.Shape.Length)
        {
            return false;
        }

        return a.Shape.AsSpan(Math.Min(1, a.Shape.Length)).SequenceEqual(b.Shape.AsSpan(Math.Min(1, b.Shape.Length)));
    }
}
