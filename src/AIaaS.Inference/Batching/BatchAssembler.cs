using System.Buffers;
using AIaaS.Errors;
using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// Concatenates the inputs of requests that share a <see cref="BatchKey"/> on each input's batch
/// axis (<see cref="BatchAxes"/>) into one pooled buffer per input, copying each request's bytes
/// exactly once. Row-major layout makes axis-0 concatenation a byte concatenation, BYTES tensors
/// included; on a later axis (silero's <c>state [2, B, 128]</c>) each request contributes one
/// block per index of the dimensions before the axis, interleaved with the other requests'.
/// </summary>
internal static class BatchAssembler
{
    /// <summary>
    /// A request's batch dimension: the dimension on the batch axis of its batched inputs, which must
    /// agree; 1 when no input has a batch axis (such requests batch only with byte-equal ones and
    /// share their outputs).
    /// </summary>
    /// <param name="axes">Each input's batch axis; <see cref="BatchAxes.Leading"/> when null.</param>
    /// <exception cref="InferenceException">Kind InvalidArgument: batched inputs disagree on the batch dimension.</exception>
    public static int BatchSizeOf(IReadOnlyList<TensorPayload> inputs, BatchAxes? axes = null) => BatchSizeOf(inputs, axes, out _);

    /// <inheritdoc cref="BatchSizeOf(IReadOnlyList{TensorPayload}, BatchAxes?)"/>
    /// <param name="raggedLength">The request's length on axis 1 of its ragged inputs (<see cref="RaggedLengthOf"/>), checked on the way.</param>
    public static int BatchSizeOf(IReadOnlyList<TensorPayload> inputs, BatchAxes? axes, out int raggedLength)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        axes ??= BatchAxes.Leading;
        var size = -1L;
        string? first = null;
        raggedLength = RaggedLengthOf(inputs, axes);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var axis = axes.OfInput(input);
            if (axis < 0)
            {
                continue;
            }

            if (size < 0)
            {
                size = input.Shape[axis];
                first = input.Name;
            }
            else if (input.Shape[axis] != size)
            {
                throw InferenceException.InvalidArgument(
                    $"inputs '{first}' and '{input.Name}' disagree on the batch dimension ({size} and {input.Shape[axis]})");
            }
        }

        if (size > int.MaxValue)
        {
            throw InferenceException.InvalidArgument($"batch dimension {size} is too large");
        }

        return size < 0 ? 1 : (int)size;
    }

    /// <summary>
    /// Builds one batch from the requests' inputs, in this order. A single request's inputs are
    /// passed through without a copy.
    /// </summary>
    /// <param name="requests">Each request's inputs; all must share one <see cref="BatchKey"/>.</param>
    /// <param name="pool">Where buffers are rented; <see cref="ArrayPool{T}.Shared"/> when null.</param>
    /// <param name="axes">Each input's batch axis; <see cref="BatchAxes.Leading"/> when null.</param>
    /// <exception cref="ArgumentException">The requests do not share a key (different inputs or shapes).</exception>
    /// <exception cref="InferenceException">Kind InvalidArgument: an input without a batch axis differs between requests, or the batch exceeds 2 GB.</exception>
    public static AssembledBatch Assemble(IReadOnlyList<IReadOnlyList<TensorPayload>> requests, ArrayPool<byte>? pool = null, BatchAxes? axes = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        axes ??= BatchAxes.Leading;
        if (requests.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one request", nameof(requests));
        }

        pool ??= ArrayPool<byte>.Shared;
        var batchSizes = new int[requests.Count];
        long total = 0;
        for (var r = 0; r < requests.Count; r++)
        {
            batchSizes[r] = BatchSizeOf(requests[r], axes);
            total += batchSizes[r];
        }

        if (total > int.MaxValue)
        {
            throw InferenceException.InvalidArgument($"batch dimension {total} is too large");
        }

        var first = requests[0];
        if (requests.Count == 1)
        {
            return new AssembledBatch(first, batchSizes, (int)total, pool, rented: null);
        }

        int[]? lengths = null;
        var longest = 0;
        if (axes.HasRaggedInputs)
        {
            lengths = new int[requests.Count];
            for (var r = 0; r < requests.Count; r++)
            {
                lengths[r] = RaggedLengthOf(requests[r], axes);
                longest = Math.Max(longest, lengths[r]);
            }

            if (lengths.All(l => l == longest))
            {
                // Equal lengths: plain concatenation, nothing to cut back.
                lengths = null;
            }
        }

        var inputs = new TensorPayload[first.Count];
        var rented = new byte[]?[first.Count];
        try
        {
            for (var i = 0; i < first.Count; i++)
            {
                var axis = axes.OfInput(first[i]);
                inputs[i] = lengths is not null && axes.IsRaggedInput(first[i])
                    ? Pad(requests, i, batchSizes, lengths, longest, (int)total, pool, out rented[i])
                    : axis >= 0
                        ? Concatenate(requests, i, axis, (int)total, pool, out rented[i])
                        : SharedBatchless(requests, i);
            }
        }
        catch
        {
            foreach (var buffer in rented)
            {
                if (buffer is not null)
                {
                    pool.Return(buffer);
                }
            }

            throw;
        }

        return new AssembledBatch(inputs, batchSizes, (int)total, pool, rented, lengths);
    }

    /// <summary>A request's length on axis 1 of its ragged inputs, which must agree; 0 when it has none.</summary>
    /// <exception cref="InferenceException">Kind InvalidArgument: the ragged inputs disagree on their length.</exception>
    public static int RaggedLengthOf(IReadOnlyList<TensorPayload> inputs, BatchAxes axes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(axes);
        if (!axes.HasRaggedInputs)
        {
            return 0;
        }

        var length = -1L;
        string? first = null;
        foreach (var input in inputs)
        {
            if (!axes.IsRaggedInput(input))
            {
                continue;
            }

            if (length < 0)
            {
                (length, first) = (input.Shape[1], input.Name);
            }
            else if (input.Shape[1] != length)
            {
                throw InferenceException.InvalidArgument(
                    $"inputs '{first}' and '{input.Name}' disagree on their ragged dimension 1 ({length} and {input.Shape[1]})");
            }
        }

        return length > int.MaxValue ? throw InferenceException.InvalidArgument($"dimension 1 ({length}) is too large") : (int)Math.Max(length, 0);
    }

    /// <summary>
    /// Ragged batching: each request's rows [b, length, ...] land at the start of rows [b, longest, ...],
    /// the rest zeros (token id 0 is BERT's [PAD], mask 0 hides it).
    /// </summary>
    private static TensorPayload Pad(
        IReadOnlyList<IReadOnlyList<TensorPayload>> requests, int index, int[] batchSizes, int[] lengths, int longest, int total, ArrayPool<byte> pool, out byte[]? rented)
    {
        var template = requests[0][index];
        var elementSize = template.DataType.ElementSize();
        long inner = elementSize;
        for (var d = 2; d < template.Shape.Length; d++)
        {
            inner *= template.Shape[d];
        }

        var bytes = (long)total * longest * inner;
        if (bytes > Array.MaxLength)
        {
            throw InferenceException.InvalidArgument($"input '{template.Name}' of the batch would need {bytes} bytes padded, more than one buffer holds");
        }

        rented = pool.Rent((int)bytes);
        var buffer = rented.AsSpan(0, (int)bytes);
        // Pooled arrays hold old data: the padding must be zeros.
        buffer.Clear();
        var row = 0;
        for (var r = 0; r < requests.Count; r++)
        {
            var input = InputAt(requests, r, index);
            if (!BatchAxis.SameNonBatchShape(template, input, 0, ragged: true))
            {
                throw new ArgumentException($"request {r} does not match request 0 on input '{template.Name}': requests of one batch must share a batch key", nameof(requests));
            }

            var data = input.Data.Span;
            var rowBytes = (int)(lengths[r] * inner);
            if ((long)rowBytes * batchSizes[r] != data.Length)
            {
                throw InferenceException.InvalidArgument($"input '{template.Name}' has {data.Length} bytes, which do not match its shape [{string.Join(',', input.Shape)}]");
            }

            for (var b = 0; b < batchSizes[r]; b++, row++)
            {
                data.Slice(b * rowBytes, rowBytes).CopyTo(buffer[(int)(row * longest * inner)..]);
            }
        }

        long[] shape = [total, longest, .. template.Shape[2..]];
        return new TensorPayload(template.Name, template.DataType, shape, rented.AsMemory(0, (int)bytes));
    }

    private static TensorPayload Concatenate(IReadOnlyList<IReadOnlyList<TensorPayload>> requests, int index, int axis, int total, ArrayPool<byte> pool, out byte[]? rented)
    {
        var template = requests[0][index];
        long bytes = 0;
        for (var r = 0; r < requests.Count; r++)
        {
            var input = InputAt(requests, r, index);
            if (!BatchAxis.SameNonBatchShape(template, input, axis))
            {
                throw new ArgumentException($"request {r} does not match request 0 on input '{template.Name}': requests of one batch must share a batch key", nameof(requests));
            }

            bytes += input.Data.Length;
        }

        if (bytes > Array.MaxLength)
        {
            throw InferenceException.InvalidArgument($"input '{template.Name}' of the batch would need {bytes} bytes, more than one buffer holds");
        }

        var outer = BatchAxis.Outer(template.Shape, axis);
        if (outer > 1 && template.DataType == TensorDataType.Bytes)
        {
            throw InferenceException.InvalidArgument($"input '{template.Name}' is a BYTES tensor batched on axis {axis}: only axis 0 is supported for BYTES");
        }

        rented = pool.Rent((int)bytes);
        var buffer = rented.AsSpan(0, (int)bytes);
        var offset = 0;
        // Each request's data is `outer` equal blocks (its rows at each index before the axis); the
        // batch takes block o of every request in turn. With outer 1 that is plain concatenation.
        for (long o = 0; o < outer; o++)
        {
            for (var r = 0; r < requests.Count; r++)
            {
                var data = requests[r][index].Data.Span;
                var block = (int)(data.Length / outer);
                data.Slice((int)(o * block), block).CopyTo(buffer[offset..]);
                offset += block;
            }
        }

        return new TensorPayload(template.Name, template.DataType, BatchAxis.WithBatch(template.Shape, axis, total), rented.AsMemory(0, offset));
    }

    private static TensorPayload SharedBatchless(IReadOnlyList<IReadOnlyList<TensorPayload>> requests, int index)
    {
        var template = requests[0][index];
        for (var r = 1; r < requests.Count; r++)
        {
            var input = InputAt(requests, r, index);
            if (!BatchAxis.SameNonBatchShape(template, input, -1))
            {
                throw new ArgumentException($"request {r} does not match request 0 on input '{template.Name}': requests of one batch must share a batch key", nameof(requests));
            }

            if (!template.Data.Span.SequenceEqual(input.Data.Span))
            {
                throw InferenceException.InvalidArgument($"input '{template.Name}' has no batch axis and differs between requests of one batch");
            }
        }

        return template;
    }

    private static TensorPayload InputAt(IReadOnlyList<IReadOnlyList<TensorPayload>> requests, int request, int index)
    {
        var inputs = requests[request];
        if (inputs.Count != requests[0].Count)
        {
            throw new ArgumentException($"request {request} has {inputs.Count} inputs and request 0 has {requests[0].Count}: requests of one batch must share a batch key", nameof(requests));
        }

        return inputs[index];
    }
}
