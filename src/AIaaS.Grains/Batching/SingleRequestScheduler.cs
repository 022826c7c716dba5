using System.Diagnostics;
using AIaaS.Errors;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Statistics;
using AIaaS.Requests;
using AIaaS.Inference.Batching;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>
/// The scheduler of a model without <c>dynamic_batching</c>: requests queue per tenant, taken
/// round-robin across tenants and in arrival order within one (<see cref="TenantRotation{T}"/>),
/// and each of <c>executors</c> loops runs one at a time on the shared session. A quiet tenant's
/// request thus waits for the runs in progress, not behind another tenant's flood. A request that
/// waited past its timeout (its own, else the admission default) is failed with DeadlineExceeded
/// when an executor takes it, instead of running work nobody waits for any more.
/// </summary>
internal sealed class SingleRequestScheduler : IInferenceScheduler
{
    private readonly Lock _gate = new();
    private readonly TenantRotation<ScheduledRequest> _queue = new();
    // One count per request queued, and one per executor on dispose to let it end.
    private readonly SemaphoreSlim _ready = new(0);
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
    private readonly TimeSpan _defaultTimeout;
    private bool _closed;

    /// <param name="maxQueueSize">Requests waiting at most (not counting those executing); 0 means unbounded.</param>
    /// <param name="defaultTimeout">Longest a request that names no timeout may wait; zero means no limit.</param>
    public SingleRequestScheduler(
        ModelConfig config, BatchAxes axes, ModelRunner run, ReplicaStatistics statistics, InferenceInstruments instruments, TagList tags, TimeProvider time,
        Action<string, double>? recordCompute = null, int maxQueueSize = 0, TimeSpan defaultTimeout = default)
    {
        _defaultTimeout = defaultTimeout;
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
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException<IReadOnlyList<TensorPayload>>(InferenceException.Unavailable("the replica is unloading"));
            }

            if (_maxQueueSize > 0 && _queue.Count >= _maxQueueSize)
            {
                return Task.FromException<IReadOnlyList<TensorPayload>>(InferenceException.Unavailable($"queue of model '{_config.Name}' is full ({_maxQueueSize} requests)"));
            }

            _queue.Enqueue(request.Tenant, item);
            _instruments.Pending.Add(1, _tags);
            // Under the lock, so dispose (which closes under it) never meets a release after its own.
            _ready.Release();
        }

        return item.Task;
    }

    public async ValueTask DisposeAsync()
    {
        var left = new List<ScheduledRequest>();
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.TryDequeue(out var item))
            {
                left.Add(item);
            }
        }

        foreach (var item in left)
        {
            Fail(item, InferenceException.Unavailable("the replica unloaded before the request ran"));
        }

        _ready.Release(_executors.Length);
        await Task.WhenAll(_executors).ConfigureAwait(false);
        _ready.Dispose();
    }

    private async Task ExecuteAsync()
    {
        while (true)
        {
            await _ready.WaitAsync().ConfigureAwait(false);
            ScheduledRequest? item;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out item))
                {
                    // Closed (the queue was drained) or this count's request was failed by dispose.
                    if (_closed)
                    {
                        return;
                    }

                    continue;
                }
            }

            var started = _time.GetTimestamp();
            var waited = _time.GetElapsedTime(item.EnqueuedAt, started);
            _instruments.QueueDuration.Record(waited.TotalSeconds, _tags);
            var timeout = item.Request.TimeoutMicroseconds > 0 ? TimeSpan.FromMicroseconds(item.Request.TimeoutMicroseconds) : _defaultTimeout;
            if (timeout > TimeSpan.Zero && waited > timeout)
            {
                Fail(item, new InferenceException(InferenceErrorKind.DeadlineExceeded, $"request waited in the queue of model '{_config.Name}' past its timeout"));
                continue;
            }

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
