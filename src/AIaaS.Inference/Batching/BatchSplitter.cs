using AIaaS.Errors;
using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// Splits a batch's outputs back into each request's, as slices of the one array ONNX Runtime's
/// output was copied into: no per-request copy.
/// </summary>
/// <remarks>
/// An output whose dimension on its batch axis (<see cref="BatchAxes.OfOutput"/>) equals the batch's
/// total is split by each request's batch size; any other output (a scalar, a fixed-size summary)
/// is returned whole to every request. The outputs must not alias the batch's pooled input buffers:
/// the slices outlive them. An output batched on a later axis (silero's <c>stateN [2, B, 128]</c>)
/// is not contiguous per request, so each request gets a copy of its blocks instead of a slice.
/// </remarks>
internal static class BatchSplitter
{
    /// <summary>Each request's outputs, in <paramref name="batchSizes"/> order, each in the order of <paramref name="outputs"/>.</summary>
    /// <param name="outputs">What the model returned for the whole batch.</param>
    /// <param name="batchSizes">Each request's batch dimension, as <see cref="AssembledBatch.BatchSizes"/>.</param>
    /// <param name="axes">Each output's batch axis; <see cref="BatchAxes.Leading"/> when null.</param>
    /// <param name="raggedLengths">Each request's length when the batch was padded (<see cref="AssembledBatch.RaggedLengths"/>): ragged outputs are cut back to it.</param>
    /// <exception cref="InferenceException">Kind Internal: an output's data does not match its shape.</exception>
    public static IReadOnlyList<TensorPayload>[] Split(IReadOnlyList<TensorPayload> outputs, IReadOnlyList<int> batchSizes, BatchAxes? axes = null, IReadOnlyList<int>? raggedLengths = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(batchSizes);
        axes ??= BatchAxes.Leading;
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
            var axis = axes.OfOutput(output);
            if (raggedLengths is not null && axes.IsRaggedOutput(output) && output.Shape[0] == total)
            {
                SplitRagged(output, batchSizes, raggedLengths, total, split, o);
            }
            else if (axis < 0 || output.Shape[axis] != total)
            {
                for (var r = 0; r < requests; r++)
                {
                    split[r][o] = output;
                }
            }
            else if (axis > 0 && BatchAxis.Outer(output.Shape, axis) > 1)
            {
                SplitInterleaved(output, axis, batchSizes, total, split, o);
            }
            else if (output.DataType == TensorDataType.Bytes)
            {
                SplitBytes(output, batchSizes, total, split, o);
            }
            else
            {
                SplitFixed(output, axis, batchSizes, total, split, o);
            }
        }

        return split;
    }

    // The inverse of BatchAssembler's interleaving: the output is `outer` blocks, each holding every
    // request's rows in batch order; request r takes its part of each block.
    private static void SplitInterleaved(TensorPayload output, int axis, IReadOnlyList<int> batchSizes, long total, TensorPayload[][] split, int index)
    {
        if (output.DataType == TensorDataType.Bytes)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"output '{output.Name}' is a BYTES tensor batched on axis {axis}: only axis 0 is supported for BYTES");
        }

        var outer = BatchAxis.Outer(output.Shape, axis);
        var rowBytes = total == 0 ? 0 : output.Data.Length / (outer * total);
        if (rowBytes * outer * total != output.Data.Length)
        {
            throw MalformedOutput(output);
        }

        var data = output.Data.Span;
        var blockBytes = (int)(rowBytes * total);
        var start = 0;
        for (var r = 0; r < batchSizes.Count; r++)
        {
            var part = (int)(batchSizes[r] * rowBytes);
            var copy = new byte[outer * part];
            for (long o = 0; o < outer; o++)
            {
                data.Slice((int)(o * blockBytes) + start, part).CopyTo(copy.AsSpan((int)(o * part)));
            }

            split[r][index] = new TensorPayload(output.Name, output.DataType, BatchAxis.WithBatch(output.Shape, axis, batchSizes[r]), copy);
            start += part;
        }
    }

    // Each request gets a copy of its rows, each cut from the padded length to its own.
    private static void SplitRagged(TensorPayload output, IReadOnlyList<int> batchSizes, IReadOnlyList<int> lengths, long total, TensorPayload[][] split, int index)
    {
        var longest = output.Shape[1];
        if (output.DataType == TensorDataType.Bytes || lengths.Any(l => l > longest))
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"output '{output.Name}' [{string.Join(',', output.Shape)}] cannot be cut back to the batch's ragged lengths");
        }

        var paddedRow = total * longest == 0 ? 0 : output.Data.Length / (total * longest);
        if (paddedRow * total * longest != output.Data.Length)
        {
            throw MalformedOutput(output);
        }

        var data = output.Data.Span;
        var row = 0L;
        for (var r = 0; r < batchSizes.Count; r++)
        {
            var rowBytes = (int)(lengths[r] * paddedRow);
            var copy = new byte[batchSizes[r] * rowBytes];
            for (var b = 0; b < batchSizes[r]; b++, row++)
            {
                data.Slice((int)(row * longest * paddedRow), rowBytes).CopyTo(copy.AsSpan(b * rowBytes));
            }

            long[] shape = [batchSizes[r], lengths[r], .. output.Shape[2..]];
            split[r][index] = new TensorPayload(output.Name, output.DataType, shape, copy);
        }
    }

    private static void SplitFixed(TensorPayload output, int axis, IReadOnlyList<int> batchSizes, long total, TensorPayload[][] split, int index)
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
            split[r][index] = new TensorPayload(output.Name, output.DataType, BatchAxis.WithBatch(output.Shape, axis, batchSizes[r]), output.Data.Slice(offset, length));
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

            split[r][index] = new TensorPayload(output.Name, output.DataType, BatchAxis.WithBatch(output.Shape, 0, batchSizes[r]), output.Data[start..offset]);
        }

        if (offset != data.Length)
        {
            throw MalformedOutput(output);
        }
    }

    private static InferenceException MalformedOutput(TensorPayload output) =>
        new(InferenceErrorKind.Internal, $"output '{output.Name}' has {output.Data.Length} bytes, which do not match its shape [{string.Join(',', output.Shape)}]");
}
