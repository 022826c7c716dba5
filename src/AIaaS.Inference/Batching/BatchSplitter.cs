using AIaaS.Errors;
using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// Splits a batch's outputs back into each request's, as slices of the one array ONNX Runtime's
/// output was copied into: no per-request copy.
/// </summary>
/// <remarks>
/// An output whose dimension 0 equals the batch's total is split by each request's batch size; any
/// other output (a scalar, a fixed-size summary) is returned whole to every request. The outputs
/// must not alias the batch's pooled input buffers: the slices outlive them.
/// </remarks>
public static class BatchSplitter
{
    /// <summary>Each request's outputs, in <paramref name="batchSizes"/> order, each in the order of <paramref name="outputs"/>.</summary>
    /// <param name="outputs">What the model returned for the whole batch.</param>
    /// <param name="batchSizes">Each request's batch dimension, as <see cref="AssembledBatch.BatchSizes"/>.</param>
    /// <exception cref="InferenceException">Kind Internal: an output's data does not match its shape.</exception>
    public static IReadOnlyList<TensorPayload>[] Split(IReadOnlyList<TensorPayload> outputs, IReadOnlyList<int> batchSizes)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(batchSizes);
        var requests = batchSizes.Count;
        if (requests == 1)
        {
            return [outputs];
        }

        long total = 0;
        for (var r = 0; r < requests; r++)
        {
            total += batchSizes[r];
        }

        var split = new TensorPayload[requests][];
        for (var r = 0; r < requests; r++)
        {
            split[r] = new TensorPayload[outputs.Count];
        }

        for (var o = 0; o < outputs.Count; o++)
        {
            var output = outputs[o];
            if (output.Shape.Length == 0 || output.Shape[0] != total)
            {
                for (var r = 0; r < requests; r++)
                {
                    split[r][o] = output;
                }
            }
            else if (output.DataType == TensorDataType.Bytes)
            {
                SplitBytes(output, batchSizes, total, split, o);
            }
            else
            {
                SplitFixed(output, batchSizes, total, split, o);
            }
        }

        return split;
    }

    private static void SplitFixed(TensorPayload output, IReadOnlyList<int> batchSizes, long total, TensorPayload[][] split, int index)
    {
        var rowBytes = total == 0 ? 0 : output.Data.Length / total;
        if (rowBytes * total != output.Data.Length)
        {
            throw MalformedOutput(output);
        }

        var offset = 0;
        for (var r = 0; r < batchSizes.Count; r++)
        {
            var length = (int)(batchSizes[r] * rowBytes);
            split[r][index] = new TensorPayload(output.Name, output.DataType, ShapeWithBatch(output.Shape, batchSizes[r]), output.Data.Slice(offset, length));
            offset += length;
        }
    }

    // BYTES elements vary in length, so finding a row boundary means walking the length prefixes:
    // the one place splitting touches elements, and only for string outputs.
    private static void SplitBytes(TensorPayload output, IReadOnlyList<int> batchSizes, long total, TensorPayload[][] split, int index)
    {
        long elementsPerRow = 1;
        for (var d = 1; d < output.Shape.Length; d++)
        {
            elementsPerRow *= output.Shape[d];
        }

        var data = output.Data.Span;
        var offset = 0;
        for (var r = 0; r < batchSizes.Count; r++)
        {
            var start = offset;
            for (var e = batchSizes[r] * elementsPerRow; e > 0; e--)
            {
                if (!BytesTensorCodec.TryReadNext(data, ref offset, out _))
                {
                    throw MalformedOutput(output);
                }
            }

            split[r][index] = new TensorPayload(output.Name, output.DataType, ShapeWithBatch(output.Shape, batchSizes[r]), output.Data[start..offset]);
        }

        if (offset != data.Length)
        {
            throw MalformedOutput(output);
        }
    }

    private static long[] ShapeWithBatch(long[] shape, int batchSize)
    {
        var copy = (long[])shape.Clone();
        copy[0] = batchSize;
        return copy;
    }

    private static InferenceException MalformedOutput(TensorPayload output) =>
        new(InferenceErrorKind.Internal, $"output '{output.Name}' has {output.Data.Length} bytes, which do not match its shape [{string.Join(',', output.Shape)}]");
}
