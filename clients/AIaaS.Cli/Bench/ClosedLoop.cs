namespace AIaaS.Cli.Bench;

/// <summary>
/// The closed-loop load generator of <c>aiaas bench</c> and the bench harness: <c>concurrency</c>
/// workers each send the next call as soon as the previous one answers. The workers run through a
/// warm-up and then a measurement window without pausing in between; a call is counted in the
/// window it is answered in, so calls in flight when the window opens are counted and those in
/// flight when it closes are not, which keeps throughput unbiased. Every latency of the window is
/// recorded. Bounded in workers and in time: no call starts after the window closes.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>Runs the loop. Cancelling stops it with <see cref="OperationCanceledException"/>.</summary>
    /// <param name="call">One call; throwing counts an error. It may be called concurrently and must not capture per-call state.</param>
    public static async Task<ClosedLoopResult> RunAsync(ClosedLoopOptions options, Func<CancellationToken, Task> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Warmup, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Duration, TimeSpan.Zero);

        var time = options.Time;
        var started = time.GetTimestamp();
        var window = new Window(started + ToTimestampTicks(options.Warmup, time), started + ToTimestampTicks(options.Warmup + options.Duration, time));
        var workers = new Task<Worker>[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            // Task.Run: a call that completes synchronously must not keep the other workers from starting.
            workers[i] = Task.Run(() => RunWorkerAsync(window, time, call, cancellationToken), cancellationToken);
        }

        // Workers ending also ends the hooks' waits: a clock can pass a boundary between a hook
        // reading it and its timer starting (a test's fake clock, moved only by calls, would then never fire it).
        var workersDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooks = RunHooksAsync(options, window, workersDone.Task, cancellationToken);
        Worker[] done;
        try
        {
            done = await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch
        {
            workersDone.TrySetResult();
            await hooks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        workersDone.TrySetResult();

        await hooks.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var latencies = GC.AllocateUninitializedArray<long>(done.Sum(w => w.Latencies.Count));
        var offset = 0;
        foreach (var worker in done)
        {
            worker.Latencies.CopyTo(latencies.AsSpan(offset));
            offset += worker.Latencies.Count;
        }

        var firstError = done.Where(w => w.FirstError is not null).MinBy(w => w.FirstErrorAt)?.FirstError;
        return new ClosedLoopResult(
            options.Concurrency,
            options.Duration,
            latencies.Length,
            done.Sum(w => w.Errors),
            firstError,
            LatencySummary.FromTicks(latencies, time.TimestampFrequency));
    }

    private static async Task<Worker> RunWorkerAsync(Window window, TimeProvider time, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var worker = new Worker();
        while (!cancellationToken.IsCancellationRequested)
        {
            var sent = time.GetTimestamp();
            if (sent >= window.End)
            {
                break;
            }

            try
            {
                await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var failed = time.GetTimestamp();
                if (window.Contains(failed))
                {
                    worker.Fail(failed, ex);
                }

                continue;
            }

            var answered = time.GetTimestamp();
            if (window.Contains(answered))
            {
                worker.Latencies.Add(answered - sent);
            }
        }

        return worker;
    }

    private static async Task RunHooksAsync(ClosedLoopOptions options, Window window, Task workersDone, CancellationToken cancellationToken)
    {
        if (options.WindowOpened is null && options.WindowClosed is null)
        {
            return;
        }

        await DelayUntilAsync(window.Start, workersDone, options.Time, cancellationToken).ConfigureAwait(false);
        if (options.WindowOpened is { } opened)
        {
            await opened(cancellationToken).ConfigureAwait(false);
        }

        // Until the window's fixed end: the first hook's own time is not added to it.
        await DelayUntilAsync(window.End, workersDone, options.Time, cancellationToken).ConfigureAwait(false);
        if (options.WindowClosed is { } closed)
        {
            await closed(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DelayUntilAsync(long timestamp, Task workersDone, TimeProvider time, CancellationToken cancellationToken)
    {
        var remaining = timestamp - time.GetTimestamp();
        if (remaining <= 0)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(TimeSpan.FromTicks((long)((Int128)remaining * TimeSpan.TicksPerSecond / time.TimestampFrequency)), time, stop.Token);
        await Task.WhenAny(delay, workersDone).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static long ToTimestampTicks(TimeSpan span, TimeProvider time) =>
        (long)((Int128)span.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private readonly record struct Window(long Start, long End)
    {
        public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;
    }

    private sealed class Worker
    {
        public LatencyLog Latencies { get; } = new();

        public long Errors { get; private set; }

        public Exception? FirstError { get; private set; }

        public long FirstErrorAt { get; private set; }

        public void Fail(long at, Exception error)
        {
            if (Errors++ == 0)
            {
                FirstError = error;
                FirstErrorAt = at;
            }
        }
    }
}
