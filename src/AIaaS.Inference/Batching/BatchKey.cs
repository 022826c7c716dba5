using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// What two requests must share to run in one batch: the same inputs in the same order (names,
/// datatypes, dimensions after the batch axis), the same requested outputs, and byte-equal inputs
/// without a batch axis. The batch size itself is not part of the key.
/// </summary>
/// <remarks>
/// Built once per request, on the caller's thread. Equality compares the hash first, so requests of
/// different shapes are told apart without walking their inputs; batch-less inputs are small
/// (scalars such as a sample rate), so hashing and comparing their bytes is cheap.
/// </remarks>
internal sealed class BatchKey : IEquatable<BatchKey>
{
    private readonly IReadOnlyList<TensorPayload> _inputs;
    private readonly IReadOnlyList<string>? _outputs;
    private readonly BatchAxes _axes;
    private readonly int _hash;

    private BatchKey(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, BatchAxes axes, int hash)
    {
        _inputs = inputs;
        _outputs = outputs;
        _axes = axes;
        _hash = hash;
    }

    /// <summary>The key of a request with these inputs and requested outputs (null for all).</summary>
    /// <param name="axes">Each input's batch axis; <see cref="BatchAxes.Leading"/> when null. Keys compare only under the same axes.</param>
    public static BatchKey Create(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, BatchAxes? axes = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        axes ??= BatchAxes.Leading;
        var hash = new HashCode();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            hash.Add(input.Name, StringComparer.Ordinal);
            hash.Add(input.DataType);
            hash.Add(input.Shape.Length);
            var axis = axes.OfInput(input);
            if (axis >= 0)
            {
                // A ragged input's length (axis 1) is padded in the batch, so it does not part requests.
                var ragged = axes.IsRaggedInput(input);
                for (var d = 0; d < input.Shape.Length; d++)
                {
                    if (d != axis && !(ragged && d == 1))
                    {
                        hash.Add(input.Shape[d]);
                    }
                }
            }
            else
            {
                hash.AddBytes(input.Data.Span);
            }
        }

        if (outputs is null)
        {
            hash.Add(-1);
        }
        else
        {
            hash.Add(outputs.Count);
            for (var i = 0; i < outputs.Count; i++)
            {
                hash.Add(outputs[i], StringComparer.Ordinal);
            }
        }

        return new BatchKey(inputs, outputs, axes, hash.ToHashCode());
    }

    public bool Equals(BatchKey? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._hash != _hash || other._inputs.Count != _inputs.Count || !ReferenceEquals(other._axes, _axes) || !SameOutputs(_outputs, other._outputs))
        {
            return false;
        }

        for (var i = 0; i < _inputs.Count; i++)
        {
            var a = _inputs[i];
            var b = other._inputs[i];
            var axis = _axes.OfInput(a);
            if (!BatchAxis.SameNonBatchShape(a, b, axis, _axes.IsRaggedInput(a)))
            {
                return false;
            }

            if (axis < 0 && !a.Data.Span.SequenceEqual(b.Data.Span))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is BatchKey other && Equals(other);

    public override int GetHashCode() => _hash;

    private static bool SameOutputs(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
