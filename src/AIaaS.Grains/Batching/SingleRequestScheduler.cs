using System.Diagnostics;
using System.Threading.Channels;
using AIaaS.Errors;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Statistics;
using AIaaS.Requests;
using AIaaS.Inference.Batching;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>
/// The scheduler of a model without <c>dynamic_batching</c>: requests queue in arrival order and
/// each of <c>executors</c> threads runs one at a time on the shared session.
/// </summary>
internal sealed class SingleRequestScheduler : IInferenceScheduler
{
    private readonly Channel<ScheduledRequest> _queue = Channel.CreateUnbounded<ScheduledRequest>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ModelConfig _config;
    private readonly BatchAxes _axes;
    private readonly ModelRunner _run;
    private readonly ReplicaStatistics _statistics;
    private readonly InferenceInstruments _instruments;
    private readonly TagList _tags;
    private readonly TimeProvider _time;
    private readonly Task[] _executors;
    private readonly Action<string, double>? _recordCompute;
    private readonly int _maxQueueSize;
    private int _queued;

    /// <param name="maxQueueSize">Requests waiting at most (not counting those executing); 0 means unbounded.</param>
    public SingleRequestScheduler(ModelConfig config, BatchAxes axes, ModelRunner run, ReplicaStatistics statistics, InferenceInstruments instruments, TagList tags, TimeProvider time, Action<string, double>? recordCompute = null, int maxQueueSize = 0)
    {
        _recordCompute = recordCompute;
        _maxQueueSize = maxQueueSize;
        _config = config;
        _axes = axes;
        _run = run;
        _statistics = statistics;
        _instruments = instruments;
        _tags = tags;
        _time = time;
        _executors = new Task[Math.Max(1, config.Executors)];
        for (var i = 0; i < _executors.Length; i++)
        {
            // Executors live on the thread pool: model execution never runs on the Orleans scheduler.
            _executors[i] = Task.Run(ExecuteAsync);
        }
    }

    public Task<IReadOnlyList<TensorPayload>> ScheduleAsync(InferenceRequest request)
    {
        var item = new ScheduledRequest(request, _time.GetTimestamp());
        if (_maxQueueSize > 0 && Interlocked.Increment(ref _queued) > _maxQueueSize)
        {
            Interlocked.Decrement(ref _queued);
            return Task.FromException<IReadOnlyList<TensorPayload>>(InferenceException.Unavailable($"queue of model '{_config.Name}' is full ({_maxQueueSize} requests)"));
        }

        if (!_queue.Writer.TryWrite(item))
        {
            return Task.FromException<IReadOnlyList<TensorPayload>>(InferenceException.Unavailable("the replica is unloading"));
        }

        _instruments.Pending.Add(1, _tags);
        return item.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var item))
        {
            Fail(item, InferenceException.Unavailable("the replica unloaded before the request ran"));
        }

        await Task.WhenAll(_executors).ConfigureAwait(false);
    }

    private async Task ExecuteAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_maxQueueSize > 0)
            {
                Interlocked.Decrement(ref _queued);
            }

            var started = _time.GetTimestamp();
            _instruments.QueueDuration.Record(_time.GetElapsedTime(item.EnqueuedAt, started).TotalSeconds, _tags);
            _instruments.BatchSize.Record(1, _tags);
            try
            {
                var outputs = _run(item.Request.Inputs, item.Request.Outputs, out var timings);
                var compute = _time.GetElapsedTime(started).TotalSeconds;
                _instruments.ComputeDuration.Record(compute, _tags);
                _recordCompute?.Invoke(item.Request.Tenant, compute);
                // Before the caller sees its result, so statistics read after a response include it.
                var items = BatchAssembler.BatchSizeOf(item.Request.Inputs, _axes);
                _statistics.RecordExecution(1, items, started - item.EnqueuedAt, timings);
                _instruments.Pending.Add(-1, _tags);
                item.TrySetResult(outputs);
            }
            catch (Exception ex)
            {
                Fail(item, ex);
            }
        }
    }

    private void Fail(ScheduledRequest item, Exception error)
    {
        _instruments.Pending.Add(-1, _tags);
        item.TrySetException(error);
    }
}
