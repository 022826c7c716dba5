using AIaaS.Inference.Batching;

namespace AIaaS.Grains.Batching;

/// <summary>
/// The queue of a <see cref="DynamicBatchScheduler"/> and its batch-cutting rule, with Triton's
/// meanings. Not thread-safe: the scheduler calls it under its lock. Times are
/// <see cref="TimeProvider.GetTimestamp"/> values.
/// </summary>
/// <remarks>
/// The next batch takes the key of the head request: the oldest request of the tenant whose turn it
/// is at the highest priority level that has requests. It is filled with requests of that key in
/// priority order, round-robin over tenants within a level, arrival order within a tenant, until the
/// next one would pass <c>max_batch_size</c>. Requests of other keys wait for their own batch.
/// With a bound on padding (<c>max_padding_ratio</c>), a ragged request that would carry the batch
/// past it is passed over too: it waits for a batch nearer its own length, which it heads once it
/// is the oldest, so it is delayed but never starved.
/// </remarks>
internal sealed class BatchQueue
{
    private readonly PriorityLevelQueue[] _levels;
    // Lazily cleaned: a request taken into a batch stays here until it reaches the top.
    private readonly PriorityQueue<BatchedRequest, long> _deadlines = new();
    private readonly List<BatchedRequest> _gathered = [];
    private readonly bool[] _preferred;
    // The largest preferred size, or max_batch_size when none is configured.
    private readonly int _largestPreferred;
    // The smallest preferred size, or 1 when none is configured.
    private readonly int _smallestPreferred;
    private readonly int _maxBatchSize;
    private readonly long _maxQueueDelay;
    private readonly double _maxPaddingRatio;

    /// <param name="priorityLevels">At least 1.</param>
    /// <param name="maxBatchSize">Above 0.</param>
    /// <param name="preferredBatchSizes">Sizes above <paramref name="maxBatchSize"/> or below 1 are ignored.</param>
    /// <param name="maxQueueDelay">In timestamp ticks.</param>
    /// <param name="maxPaddingRatio">The most elements a batch may run per element its requests sent (<see cref="BatchedRequest.RaggedLength"/>); 0 for no bound.</param>
    public BatchQueue(int priorityLevels, int maxBatchSize, IReadOnlyList<int> preferredBatchSizes, long maxQueueDelay, double maxPaddingRatio = 0)
    {
        _maxPaddingRatio = maxPaddingRatio;
        _levels = new PriorityLevelQueue[priorityLevels];
        for (var i = 0; i < _levels.Length; i++)
        {
            _levels[i] = new PriorityLevelQueue();
        }

        _maxBatchSize = maxBatchSize;
        _maxQueueDelay = maxQueueDelay;
        _preferred = new bool[maxBatchSize + 1];
        foreach (var size in preferredBatchSizes)
        {
            if (size >= 1 && size <= maxBatchSize)
            {
                _preferred[size] = true;
                _largestPreferred = Math.Max(_largestPreferred, size);
                _smallestPreferred = _smallestPreferred == 0 ? size : Math.Min(_smallestPreferred, size);
            }
        }

        if (_smallestPreferred == 0)
        {
            _smallestPreferred = 1;
        }

        // Without preferred sizes, batches grow as large as they can, as in Triton.
        if (_largestPreferred == 0)
        {
            _largestPreferred = maxBatchSize;
        }
    }

    /// <summary>The largest preferred batch size, or <c>max_batch_size</c> when none is configured: the batch a waiting cut aims for.</summary>
    public int LargestPreferred => _largestPreferred;

    /// <summary>The smallest preferred batch size, or 1 when none is configured: the least a tuner may hold batches to.</summary>
    public int SmallestPreferred => _smallestPreferred;

    /// <summary>Requests waiting, not counting those cut into a batch.</summary>
    public int Count { get; private set; }

    /// <summary>Earliest deadline of a waiting request; <see cref="long.MaxValue"/> when none has one.</summary>
    public long NextDeadline
    {
        get
        {
            while (_deadlines.TryPeek(out var request, out var deadline))
            {
                if (request.State == BatchedRequestState.Queued)
                {
                    return deadline;
                }

                _deadlines.Dequeue();
            }

            return long.MaxValue;
        }
    }

    /// <summary>Queues a request at its level; its batch size is at most <c>max_batch_size</c>.</summary>
    public void Enqueue(BatchedRequest request)
    {
        _levels[request.Level].Add(request);
        Count++;
        if (request.Deadline != long.MaxValue)
        {
            _deadlines.Enqueue(request, request.Deadline);
        }
    }

    /// <summary>Removes the waiting requests whose deadline is at or before <paramref name="now"/> and adds them to <paramref name="expired"/>.</summary>
    public void RemoveExpired(long now, List<BatchedRequest> expired)
    {
        while (_deadlines.TryPeek(out var request, out var deadline) && deadline <= now)
        {
            _deadlines.Dequeue();
            if (request.State != BatchedRequestState.Queued)
            {
                continue;
            }

            request.State = BatchedRequestState.Removed;
            _levels[request.Level].Remove(request);
            Count--;
            expired.Add(request);
        }
    }

    /// <summary>
    /// Cuts the next batch if it is due at <paramref name="now"/>, by Triton's rule. The batch
    /// gathers the requests of the head's key up to <c>max_batch_size</c>. Before its oldest request
    /// has waited <c>max_queue_delay</c>, it is cut at once at the largest preferred size it reaches
    /// (or, when the next request would carry it past the largest preferred size, at what it holds
    /// before that request), and at once whole when it cannot grow (<c>max_batch_size</c> reached,
    /// or the next request of its key does not fit); otherwise it waits. Once the delay has passed,
    /// or with a delay of 0 and no preferred size reached, it is cut whole: everything that waited
    /// goes, up to <c>max_batch_size</c>, rather than leaving a remainder behind a preferred size.
    /// With <paramref name="eager"/> (the scheduler's choice at low load, never Triton's), a batch
    /// that would wait is cut at once, whole: an executor is free, and nothing says more will come
    /// soon enough to be worth its idling.
    /// </summary>
    /// <param name="now">The current timestamp.</param>
    /// <param name="limit">The largest total batch dimension to take, at most <c>max_batch_size</c> (<see cref="BatchSizeTuner"/>); a batch that reaches it is cut whole.</param>
    /// <param name="eager">Cut what has gathered rather than wait for the delay or a preferred size.</param>
    /// <param name="dueAt">When no batch is cut: when the waiting one will be due; <see cref="long.MaxValue"/> if the queue is empty.</param>
    /// <param name="passOverLight">While an executor is kept for light tenants: the load that names them; their requests are left to it, and the batch takes the key of the first heavy tenant's oldest request.</param>
    /// <returns>The requests of the batch, in batch order; null when none is due.</returns>
    public BatchedRequest[]? TryCut(long now, int limit, bool eager, out long dueAt, TenantLoad? passOverLight = null)
    {
        dueAt = long.MaxValue;
        var maxBatchSize = Math.Clamp(limit, 1, _maxBatchSize);
        if (Count == 0)
        {
            return null;
        }

        var head = 0;
        while (_levels[head].Count == 0)
        {
            head++;
        }

        BatchKey key;
        if (passOverLight is null)
        {
            key = _levels[head].Head.Key;
        }
        else if (HeadOfHeavy(passOverLight, ref head) is { } first)
        {
            key = first.Key;
        }
        else
        {
            // Only light tenants wait: the executor kept for them takes their requests.
            return null;
        }
        _gathered.Clear();
        var total = 0;
        var atPreferred = 0;
        var oldest = long.MaxValue;
        // Ragged rows: the longest gathered, and the elements sent (rows times length).
        var longest = 0;
        var sent = 0L;
        var full = false;
        for (var l = head; l < _levels.Length && !full; l++)
        {
            var level = _levels[l];
            if (level.Count == 0)
            {
                continue;
            }

            var tenants = level.Tenants;
            foreach (var tenant in tenants)
            {
                tenant.BeginScan();
            }

            // Round-robin from the cursor: one request per tenant per turn, until every tenant has
            // run out of requests of this key or the batch is full.
            var exhausted = 0;
            for (var t = level.Cursor; exhausted < tenants.Count && !full; t = (t + 1) % tenants.Count)
            {
                var tenant = tenants[t];
                if (tenant.Exhausted)
                {
                    continue;
                }

                if (passOverLight is not null && passOverLight.IsLight(tenant.Tenant))
                {
                    tenant.Exhaust();
                    exhausted++;
                    continue;
                }

                var request = tenant.NextCompatible(key);
                if (request is null)
                {
                    exhausted++;
                    continue;
                }

                if (_maxPaddingRatio > 0 && _gathered.Count > 0 && TooMuchPadding(total, longest, sent, request))
                {
                    continue;
                }

                if (total + request.BatchSize > _largestPreferred && atPreferred == 0 && _gathered.Count > 0)
                {
                    // Past every preferred size without meeting one: what is gathered is the
                    // preferred batch (Triton marks the cursor here too).
                    atPreferred = _gathered.Count;
                }

                // The limit a tuner sets may be below one request's own batch: that request still
                // goes, alone (validation holds it within max_batch_size).
                if (total + request.BatchSize > maxBatchSize && _gathered.Count > 0)
                {
                    full = true;
                    break;
                }

                _gathered.Add(request);
                longest = Math.Max(longest, request.RaggedLength);
                sent += (long)request.BatchSize * request.RaggedLength;
                total += request.BatchSize;
                oldest = Math.Min(oldest, request.EnqueuedAt);
                if (_preferred[total])
                {
                    atPreferred = _gathered.Count;
                }

                full = total >= maxBatchSize;
            }
        }

        var overdue = _maxQueueDelay > 0 && now - oldest >= _maxQueueDelay;
        int take;
        if (_gathered.Count == 0)
        {
            // Unreachable while the head request fits max_batch_size, which validation holds.
            return null;
        }

        if (atPreferred > 0 && !overdue)
        {
            take = atPreferred;
        }
        else if (full || overdue || _maxQueueDelay == 0 || eager)
        {
            take = _gathered.Count;
        }
        else
        {
            dueAt = _maxQueueDelay >= long.MaxValue - oldest ? long.MaxValue : oldest + _maxQueueDelay;
            return null;
        }

        var batch = new BatchedRequest[take];
        for (var i = 0; i < take; i++)
        {
            batch[i] = _gathered[i];
            batch[i].State = BatchedRequestState.Taken;
        }

        _gathered.Clear();
        Count -= take;
        for (var l = head; l < _levels.Length; l++)
        {
            var taken = 0;
            foreach (var request in batch)
            {
                if (request.Level == l)
                {
                    taken++;
                }
            }

            if (taken > 0 || l == head)
            {
                _levels[l].Compact(taken, advance: l == head);
            }
        }

        return batch;
    }

    /// <summary>
    /// Takes the oldest request of the light tenant with the fewest requests in the scheduler, at
    /// the highest priority level where a light tenant waits: what the executor kept for light
    /// tenants runs, alone. Ties go to the tenant nearest the level's round-robin cursor. Null when
    /// no light tenant waits.
    /// </summary>
    public BatchedRequest? TakeLightest(TenantLoad load)
    {
        for (var l = 0; l < _levels.Length && Count > 0; l++)
        {
            var level = _levels[l];
            TenantQueue? lightest = null;
            var fewest = int.MaxValue;
            for (var i = 0; i < level.Tenants.Count; i++)
            {
                var tenant = level.Tenants[(level.Cursor + i) % level.Tenants.Count];
                var requests = load.Requests(tenant.Tenant);
                if (requests < fewest && load.IsLight(tenant.Tenant))
                {
                    fewest = requests;
                    lightest = tenant;
                }
            }

            if (lightest is not null)
            {
                var request = lightest.Requests[0];
                request.State = BatchedRequestState.Taken;
                Count--;
                level.Compact(1, advance: false);
                return request;
            }
        }

        return null;
    }

    /// <summary>The oldest request of the first heavy tenant from the cursor, at <paramref name="level"/> or below it (which it then names); null when only light tenants wait.</summary>
    private BatchedRequest? HeadOfHeavy(TenantLoad load, ref int level)
    {
        for (var l = level; l < _levels.Length; l++)
        {
            var tenants = _levels[l].Tenants;
            for (var i = 0; i < tenants.Count; i++)
            {
                var tenant = tenants[(_levels[l].Cursor + i) % tenants.Count];
                if (!load.IsLight(tenant.Tenant))
                {
                    level = l;
                    return tenant.Requests[0];
                }
            }
        }

        return null;
    }

    /// <summary>Whether adding <paramref name="request"/> makes the batch run more than the ratio of padded elements to sent ones.</summary>
    private bool TooMuchPadding(int rows, int longest, long sent, BatchedRequest request)
    {
        var run = (double)(rows + request.BatchSize) * Math.Max(longest, request.RaggedLength);
        return run > _maxPaddingRatio * (sent + (long)request.BatchSize * request.RaggedLength);
    }

    /// <summary>Empties the queue and returns what was waiting, in no particular order.</summary>
    public List<BatchedRequest> Drain()
    {
        var drained = new List<BatchedRequest>(Count);
        foreach (var level in _levels)
        {
            level.DrainTo(drained);
        }

        _deadlines.Clear();
        Count = 0;
        return drained;
    }
}
