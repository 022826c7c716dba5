using System.Buffers;
using AIaaS.Tensors;

namespace AIaaS.Inference.Batching;

/// <summary>
/// The inputs of one batch, ready for ONNX Runtime, and the lease on the pooled buffers they were
/// concatenated into. Dispose it once the run has returned: the buffers go back to the pool and
/// <see cref="Inputs"/> must not be read afterwards.
/// </summary>
internal sealed class AssembledBatch : IDisposable
{
    private readonly ArrayPool<byte> _pool;
    private byte[]?[]? _rented;

    internal AssembledBatch(IReadOnlyList<TensorPayload> inputs, int[] batchSizes, int totalBatchSize, ArrayPool<byte> pool, byte[]?[]? rented, int[]? raggedLengths = null)
    {
        RaggedLengths = raggedLengths;
        Inputs = inputs;
        BatchSizes = batchSizes;
        TotalBatchSize = totalBatchSize;
        _pool = pool;
        _rented = rented;
    }

    /// <summary>One tensor per model input, in the requests' input order; batched ones span every request.</summary>
    public IReadOnlyList<TensorPayload> Inputs { get; }

    /// <summary>Each request's batch dimension, in batch order: what <see cref="BatchSplitter"/> splits the outputs by.</summary>
    public IReadOnlyList<int> BatchSizes { get; }

    /// <summary>
    /// Each request's length on axis 1 of its ragged inputs, when the batch padded them to the
    /// longest (<c>allow_ragged_batch</c>); null when nothing was padded. What
    /// <see cref="BatchSplitter"/> cuts ragged outputs back to.
    /// </summary>
    public IReadOnlyList<int>? RaggedLengths { get; }

    /// <summary>Sum of <see cref="BatchSizes"/>: dimension 0 of every batched input.</summary>
    public int TotalBatchSize { get; }

    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref _rented, null);
        if (rented is null)
        {
            return;
        }

        foreach (var buffer in rented)
        {
            if (buffer is not null)
            {
                _pool.Return(buffer);
            }
        }
    }
}
