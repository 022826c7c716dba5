using System.Diagnostics;
using AIaaS.Errors;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Statistics;
using AIaaS.Requests;
using AIaaS.Inference.Batching;
using AIaaS.Inference.Execution;
using AIaaS.Tensors;

namespace AIaaS.Grains.Batching;

/// <summary>
/// The scheduler of a model with <c>dynamic_batching</c>, after Triton's dynamic batcher: requests
/// queue by priority and tenant; a batch of requests that share a <see cref="BatchKey"/> is cut by
/// the rule of <see cref="BatchQueue.TryCut"/> whenever one of <c>executors</c> is free; its inputs
/// are concatenated into one run on the shared session and the outputs split back.
/// </summary>
/// <remarks>
/// Unless the config asks for Triton's rule exactly (<c>dynamic_batching.triton_batching</c>), a
/// free executor waits for a batch only while more requests are here than that batch
/// (<see cref="Saturated"/>); otherwise it takes what has queued at once (preferred sizes still
/// cut). Either way it takes no more than the largest batch size whose measured cost per item is
/// about the lowest (<see cref="BatchSizeTuner"/>). At low load an executor thus runs single
/// requests as an unbatched one would, and at high load it fills batches of sizes that have proved
/// no dearer per item than smaller ones.
/// </remarks>
/// <remarks>
/// Tenant isolation (<c>dynamic_batching.isolate_tenants</c>, ours, on by default with the eager
/// rule): the queue's round-robin gives a quiet tenant's request a place in the next batch, but on
/// a CPU that batch runs several times longer than the request alone, after waiting for a running
/// one. So while a heavy tenant (a batch's worth of requests or more in the scheduler) and a light
/// one (fewer, and a request within the last second) share a model with two or more executors, one
/// executor is kept as a lane for light tenants: it runs one request at a time, the oldest of the
/// light tenant with the fewest requests here, and the other executors' batches leave light
/// tenants' requests to it. The lane idles rather than take a heavy tenant's work, since a light
/// request that found it busy would wait as it does behind a batch (measured: taking the flood's
/// requests one at a time left the quiet tenant at 3x its solo latency and cost the flood more).
/// What isolation costs is that executor: the flood runs on the others while a light tenant is about.
/// </remarks>
/// <remarks>
/// Ownership: a request rejected by <see cref="ScheduleAsync"/> (invalid priority, full queue,
/// unloading) comes back as a faulted task and was never queued. Once queued, the scheduler
/// completes it exactly once: with its outputs, with the batch's error, with DeadlineExceeded if its
/// timeout passes while it waits (it then never runs), or with Unavailable on dispose.
/// All queue state is guarded by one lock, held only for queue bookkeeping: assembly, the run and
/// splitting happen on the thread pool outside it.
/// </remarks>
internal sealed class DynamicBatchScheduler : IInferenceScheduler
{
    // Timers tick in whole milliseconds (System.Threading.Timer and FakeTimeProvider alike).
    private const long MaxTimerMilliseconds = 0xfffffffe;
    // A light tenant keeps its lane this long after its last request: a caller's pause between calls.
    private const long TenantPresenceMicroseconds = 1_000_000;

    private readonly Lock _gate = new();
    private readonly DynamicBatchSchedulerOptions _options;
    private readonly ModelRunner _run;
    private readonly ReplicaStatistics _statistics;
    private readonly InferenceInstruments _instruments;
    private readonly TagList _tags;
    private readonly TimeProvider _time;
    private readonly BatchQueue _queue;
    // Null with triton_batching: the config's sizes alone.
    private readonly BatchSizeTuner? _tuner;
    private readonly ITimer _timer;
    private readonly List<BatchedRequest> _expired = [];
    private readonly long _defaultTimeout;
    private int _busy;
    // Requests in the batches executing now (lane included).
    private int _running;
    private long _timerDueAt = long.MaxValue;
    private bool _disposed;
    private TaskCompletionSource? _idle;
    private readonly Action<string, double>? _recordCompute;
    // Null unless tenants are isolated: then each tenant's requests here, for the lane kept for light ones.
    private readonly TenantLoad? _load;
    private bool _laneBusy;

    /// <param name="recordCompute">Called per request with its tenant and its share of its batch's compute seconds (usage metering).</param>
    public DynamicBatchScheduler(DynamicBatchSchedulerOptions options, ModelRunner run, ReplicaStatistics statistics, InferenceInstruments instruments, TagList tags, TimeProvider time, Action<string, double>? recordCompute = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PriorityLevels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Executors, 1);
        _options = options;
        _run = run;
        _statistics = statistics;
        _instruments = instruments;
        _tags = tags;
        _time = time;
        _recordCompute = recordCompute;
        _defaultTimeout = ToTimestampTicks(options.DefaultTimeoutMicroseconds);
        _queue = new BatchQueue(options.PriorityLevels, options.MaxBatchSize, options.PreferredBatchSizes, ToTimestampTicks(options.MaxQueueDelayMicroseconds), options.MaxPaddingRatio);
        _tuner = options.TritonBatching ? null : new BatchSizeTuner(options.MaxBatchSize, _queue.SmallestPreferred);
        if (options.IsolateTenants && !options.TritonBatching && options.Executors >= 2 && options.MaxBatchSize >= 2)
        {
            _load = new TenantLoad(options.MaxBatchSize, ToTimestampTicks(TenantPresenceMicroseconds));
        }
        _timer = time.CreateTimer(static state => ((DynamicBatchScheduler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Requests waiting for a batch, not counting those executing.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public Task<IReadOnlyList<TensorPayload>> ScheduleAsync(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var priority = request.Priority == 0 ? _options.DefaultPriorityLevel : request.Priority;
        if (priority < 1 || priority > _options.PriorityLevels)
        {
            return Failed(InferenceException.InvalidArgument(
                $"priority {request.Priority} is out of range for model '{_options.ModelName}', which has levels 1 to {_options.PriorityLevels}"));
        }

        BatchKey key;
        int batchSize;
        int raggedLength;
        try
        {
            batchSize = BatchAssembler.BatchSizeOf(request.Inputs, _options.Axes, out raggedLength);
            key = BatchKey.Create(request.Inputs, request.Outputs, _options.Axes);
        }
        catch (InferenceException ex)
        {
            return Failed(ex);
        }

        // Validation already holds variable batch dimensions to max_batch_size; a larger request
        // could never be cut, so refuse it here rather than let it wait forever.
        if (batchSize > _options.MaxBatchSize)
        {
            return Failed(InferenceException.InvalidArgument(
                $"batch dimension {batchSize} exceeds max_batch_size {_options.MaxBatchSize} of model '{_options.ModelName}'"));
        }

        var now = _time.GetTimestamp();
        var timeout = request.TimeoutMicroseconds > 0 ? ToTimestampTicks(request.TimeoutMicroseconds) : _defaultTimeout;
        var deadline = timeout == 0 || timeout >= long.MaxValue - now ? long.MaxValue : now + timeout;
        var item = new BatchedRequest(request, key, batchSize, priority - 1, now, deadline)
        {
            RaggedLength = raggedLength,
            Caller = Activity.Current?.Context ?? default,
            EnqueuedUtc = _time.GetUtcNow(),
        };
        lock (_gate)
        {
            if (_disposed)
            {
                return Failed(InferenceException.Unavailable($"model '{_options.ModelName}' is unloading"));
            }

            if (_options.MaxQueueSize > 0 && _queue.Count >= _options.MaxQueueSize)
            {
                return Failed(InferenceException.Unavailable($"queue of model '{_options.ModelName}' is full ({_options.MaxQueueSize} requests)"));
            }

            _queue.Enqueue(item);
            _load?.Arrived(request.Tenant, now);
            _instruments.Pending.Add(1, _tags);
            Pump(now);
        }

        return item.Task;
    }

    public async ValueTask DisposeAsync()
    {
        List<BatchedRequest> left;
        Task idle;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            left = _queue.Drain();
            if (_busy == 0)
            {
                idle = Task.CompletedTask;
            }
            else
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                idle = _idle.Task;
            }
        }

        foreach (var item in left)
        {
            Fail(item, InferenceException.Unavailable($"model '{_options.ModelName}' unloaded before the request ran"));
        }

        // The session is disposed after this returns, so batches in flight must finish first.
        await idle.ConfigureAwait(false);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _timerDueAt = long.MaxValue;
            Pump(_time.GetTimestamp());
        }
    }

    /// <summary>Fails expired requests, cuts batches while executors are free, and arms the timer for what is due next. Under the lock.</summary>
    private void Pump(long now)
    {
        if (_disposed)
        {
            return;
        }

        _queue.RemoveExpired(now, _expired);
        foreach (var item in _expired)
        {
            _load?.Left(item.Request.Tenant);
            Fail(item, new InferenceException(InferenceErrorKind.DeadlineExceeded,
                $"request waited in the queue of model '{_options.ModelName}' past its timeout"));
        }

        _expired.Clear();
        var batchDueAt = long.MaxValue;
        var isolate = _load is not null && _load.Mixed(now);
        if (isolate && !_laneBusy && _busy < _options.Executors && _queue.TakeLightest(_load!) is { } alone)
        {
            _busy++;
            _running++;
            _laneBusy = true;
            _instruments.IsolatedRuns.Add(1, _tags);
            _ = Task.Run(() => Execute([alone], lane: true));
        }

        // While tenants are isolated the lane's executor is not the batches' to take, busy or not.
        var batchExecutors = isolate ? _options.Executors - 1 : _options.Executors;
        while (_busy < _options.Executors && _busy - (_laneBusy ? 1 : 0) < batchExecutors)
        {
            var limit = _tuner?.Limit ?? _options.MaxBatchSize;
            var eager = !_options.TritonBatching && !Saturated(limit);
            var batch = _queue.TryCut(now, limit, eager, out batchDueAt, isolate ? _load : null);
            if (batch is null)
            {
                break;
            }

            _busy++;
            _running += batch.Length;
            batchDueAt = long.MaxValue;
            // Runs on the thread pool: never on the caller's (grain's) thread, never under the lock.
            _ = Task.Run(() => Execute(batch, lane: false));
        }

        ArmTimer(now, Math.Min(_queue.NextDeadline, batchDueAt));
    }

    /// <summary>
    /// Whether more requests are here (waiting, or running on other executors) than the batch a cut
    /// aims for: by Little's law the arrival rate then fills that batch within about one run, so a
    /// free executor waits for it (up to <c>max_queue_delay</c>, Triton's rule) rather than run the
    /// few that have queued. Fewer here, and it runs what has come at once. Under the lock.
    /// </summary>
    /// <remarks>
    /// Measured on 2 CPU cores with ppocr-cls (docs/benchmarks.md): waiting at c=8 and above serves
    /// more per CPU second than running small batches at once, since the cost of a run beyond
    /// ONNX Runtime (dispatch, completions, wake-ups) is shared by its requests; at c=1 waiting
    /// only delays. Requests, not items, are counted: a multi-row request makes it wait less.
    /// </remarks>
    private bool Saturated(int limit) => _running + _queue.Count > Math.Min(limit, _queue.LargestPreferred);

    private void ArmTimer(long now, long dueAt)
    {
        if (dueAt == _timerDueAt)
        {
            return;
        }

        _timerDueAt = dueAt;
        if (dueAt == long.MaxValue)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Rounded up to whole milliseconds and at least one: the timer then never fires before the
        // time is due, and never synchronously inside Change. A delay below a millisecond thus
        // waits up to one; requests arriving or batches finishing meanwhile still cut it on time.
        var milliseconds = ((Int128)(dueAt - now) * 1000 + _time.TimestampFrequency - 1) / _time.TimestampFrequency;
        var due = (long)Int128.Clamp(milliseconds, 1, MaxTimerMilliseconds);
        _timer.Change(TimeSpan.FromMilliseconds(due), Timeout.InfiniteTimeSpan);
    }

    private void Execute(BatchedRequest[] batch, bool lane)
    {
        var started = _time.GetTimestamp();
        long queueTicks = 0;
        foreach (var item in batch)
        {
            queueTicks += started - item.EnqueuedAt;
            _instruments.QueueDuration.Record(_time.GetElapsedTime(item.EnqueuedAt, started).TotalSeconds, _tags);
        }

        _instruments.BatchSize.Record(batch.Length, _tags);
        using var batchActivity = StartBatchActivity(batch);
        IReadOnlyList<TensorPayload>[]? outputs = null;
        Exception? error = null;
        try
        {
            outputs = Run(batch, queueTicks);
        }
        catch (Exception ex)
        {
            error = ex;
            batchActivity?.SetStatus(ActivityStatusCode.Error, ex.Message);
        }

        var finished = _time.GetTimestamp();
        var compute = _time.GetElapsedTime(started, finished).TotalSeconds;

        // The executor is freed before callers see their results, so the next batch is already
        // cut (or its timer armed) when they do.
        lock (_gate)
        {
            _busy--;
            _running -= batch.Length;
            _laneBusy &= !lane;
            if (_load is not null)
            {
                foreach (var item in batch)
                {
                    _load.Left(item.Request.Tenant);
                }
            }

            // The lane's runs are single by rule, not the tuner's choice: the tuner sizes batches.
            if (outputs is not null && !lane)
            {
                var batchItems = 0;
                foreach (var item in batch)
                {
                    batchItems += item.BatchSize;
                }

                _tuner?.Record(batchItems, finished - started);
            }

            if (_disposed)
            {
                if (_busy == 0)
                {
                    _idle?.TrySetResult();
                }
            }
            else
            {
                Pump(_time.GetTimestamp());
            }
        }

        var items = 0;
        foreach (var item in batch)
        {
            items += item.BatchSize;
        }

        for (var i = 0; i < batch.Length; i++)
        {
            // Each request pays for its items' share of the batch, so a tenant's bill does not depend on who it batched with.
            _recordCompute?.Invoke(batch[i].Request.Tenant, items > 0 ? compute * batch[i].BatchSize / items : compute / batch.Length);
            _instruments.ComputeDuration.Record(compute, _tags);
            _instruments.Pending.Add(-1, _tags);
            if (outputs is not null)
            {
                batch[i].TrySetResult(outputs[i]);
            }
            else
            {
                batch[i].TrySetException(error!);
            }
        }
    }

    /// <summary>
    /// Draws each request's queue wait (a child of its replica span, from enqueue to now), then
    /// starts the batch span: a child of the first request's span, linked to every request's.
    /// Null when no tracer listens.
    /// </summary>
    private Activity? StartBatchActivity(BatchedRequest[] batch)
    {
        if (!InferenceActivities.Source.HasListeners())
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var links = new ActivityLink[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            links[i] = new ActivityLink(batch[i].Caller);
            using var wait = InferenceActivities.Source.StartActivity("aiaas.queue.wait", ActivityKind.Internal, batch[i].Caller, startTime: batch[i].EnqueuedUtc);
            wait?.SetEndTime(now.UtcDateTime);
        }

        var activity = InferenceActivities.Source.StartActivity("aiaas.batch.execute", ActivityKind.Internal, batch[0].Caller, links: links, startTime: now);
        activity?.SetTag("aiaas.model", _options.ModelName);
        activity?.SetTag("aiaas.batch.size", batch.Length);
        return activity;
    }

    /// <summary>Runs the batch's requests as one model execution and records it; each request's outputs, in batch order.</summary>
    private IReadOnlyList<TensorPayload>[] Run(BatchedRequest[] batch, long queueTicks)
    {
        if (batch.Length == 1)
        {
            // A request alone (what a free executor takes at low load) runs as the unbatched
            // scheduler runs it: no copy into a batch, no slicing out of one.
            var single = batch[0];
            IReadOnlyList<TensorPayload> own;
            ComputeTimings singleTimings;
            using (InferenceActivities.Source.StartActivity("aiaas.onnxruntime.run"))
            {
                own = _run(single.Request.Inputs, single.Request.Outputs, out singleTimings);
            }

            _statistics.RecordExecution(1, single.BatchSize, queueTicks, singleTimings);
            return [own];
        }

        var assembling = Stopwatch.GetTimestamp();
        var inputs = new IReadOnlyList<TensorPayload>[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            inputs[i] = batch[i].Request.Inputs;
        }

        using var assembled = BatchAssembler.Assemble(inputs, axes: _options.Axes);
        var assembledAt = Stopwatch.GetTimestamp();
        IReadOnlyList<TensorPayload> results;
        ComputeTimings timings;
        using (InferenceActivities.Source.StartActivity("aiaas.onnxruntime.run"))
        {
            results = _run(assembled.Inputs, batch[0].Request.Outputs, out timings);
        }

        var splitting = Stopwatch.GetTimestamp();
        var outputs = BatchSplitter.Split(results, assembled.BatchSizes, _options.Axes, assembled.RaggedLengths);
        // Assembly is input preparation and splitting is output extraction, as in Triton's backends.
        var phases = timings.Around(ComputeTimings.Elapsed(assembling, assembledAt), ComputeTimings.Elapsed(splitting, Stopwatch.GetTimestamp()));
        _statistics.RecordExecution(batch.Length, assembled.TotalBatchSize, queueTicks, phases);
        return outputs;
    }

    private void Fail(BatchedRequest item, Exception error)
    {
        _instruments.Pending.Add(-1, _tags);
        item.TrySetException(error);
    }

    private long ToTimestampTicks(long microseconds) =>
        microseconds <= 0 ? 0 : (long)Int128.Min((Int128)microseconds * _time.TimestampFrequency / 1_000_000, long.MaxValue);

    private static Task<IReadOnlyList<TensorPayload>> Failed(Exception error) => Task.FromException<IReadOnlyList<TensorPayload>>(error);
}
