using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>Shape arithmetic around one tensor's batch axis (see <see cref="BatchAxes"/> for which axis that is).</summary>
internal static class BatchAxis
{
    /// <summary>Whether two tensors agree on everything but the batch dimension: name, datatype, rank, every other dimension.</summary>
    public static bool SameNonBatchShape(TensorPayload a, TensorPayload b, int axis) => SameNonBatchShape(a, b, axis, ragged: false);

    /// <summary>As <see cref="SameNonBatchShape(TensorPayload, TensorPayload, int)"/>; with <paramref name="ragged"/>, axis 1 (padded in a batch) may differ too.</summary>
    public static bool SameNonBatchShape(TensorPayload a, TensorPayload b, int axis, bool ragged)
    {
        if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal) || a.DataType != b.DataType || a.Shape.Length != b.Shape.Length)
        {
            return false;
        }

        for (var d = 0; d < a.Shape.Length; d++)
        {
            if (d != axis && !(ragged && d == 1) && a.Shape[d] != b.Shape[d])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Product of the dimensions before <paramref name="axis"/>: how many separate runs of batch rows
    /// a row-major tensor holds (1 for axis 0, where the batch is one contiguous block).
    /// </summary>
    public static long Outer(long[] shape, int axis)
    {
        long outer = 1;
        for (var d = 0; d < axis; d++)
        {
            outer *= shape[d];
        }

        return outer;
    }

    /// <summary>The shape with the batch dimension replaced.</summary>
    public static long[] WithBatch(long[] shape, int axis, long batch)
    {
        var copy = (long[])shape.Clone();
        copy[axis] = batch;
        return copy;
    }
}
