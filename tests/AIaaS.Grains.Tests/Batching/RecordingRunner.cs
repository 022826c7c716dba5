using System.Threading.Channels;
using AIaaS.Grains.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>Wraps a runner and records each batch it is given, before running it.</summary>
internal sealed class RecordingRunner(ModelRunner inner)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly Channel<RecordedBatch> _started = Channel.CreateUnbounded<RecordedBatch>();
    private readonly List<RecordedBatch> _batches = [];

    /// <summary>Every batch seen so far, in the order runs started.</summary>
    public IReadOnlyList<RecordedBatch> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<TensorPayload> Run(IReadOnlyList<TensorPayload> inputs, IReadOnlyList<string>? outputs, out ComputeTimings timings)
    {
        var batch = RecordedBatch.Of(inputs);
        lock (_batches)
        {
            _batches.Add(batch);
        }

        _started.Writer.TryWrite(batch);
        return inner(inputs, outputs, out timings);
    }

    /// <summary>Waits, at most 10 s, for the next batch to start.</summary>
    public async Task<RecordedBatch> NextBatchAsync() => await _started.Reader.ReadAsync().AsTask().WaitAsync(WaitLimit);
}
