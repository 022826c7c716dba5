using AIaaS.Cli.Bench;
using Microsoft.Extensions.Time.Testing;

namespace AIaaS.Cli.Tests.Bench;

/// <summary>
/// The closed-loop load generator, on a fake clock that each call moves by a fixed step, so what
/// falls in the window is exact: with a 1 ms warm-up, a 10 ms window and calls of 100 µs, the
/// calls answered at 1.0, 1.1, ... 10.9 ms are counted (100 of them) and the one answered at 11 ms
/// is not.
/// </summary>
public sealed class ClosedLoopTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMicroseconds(100);

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_OneWorkerOnFakeClock_CountsCallsAnsweredInTheWindow()
    {
        var time = new FakeTimeProvider();
        var calls = 0;

        var result = await ClosedLoop.RunAsync(Options(time, concurrency: 1), _ =>
        {
            calls++;
            time.Advance(Step);
            return Task.CompletedTask;
        });

        Assert.Equal(110, calls);
        Assert.Equal(100, result.Successes);
        Assert.Equal(0, result.Errors);
        Assert.Null(result.FirstError);
        Assert.Equal(10_000, result.PerSecond());
        Assert.Equal(80_000, result.PerSecond(itemsPerCall: 8));
        Assert.Equal(100, result.Latency.Count);
        Assert.Equal(100, result.Latency.P50);
        Assert.Equal(100, result.Latency.P99);
        Assert.Equal(100, result.Latency.Average);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_FailingCalls_CountsErrorsInTheWindowAndKeepsTheFirst()
    {
        var time = new FakeTimeProvider();
        var calls = 0;

        // Every 4th call fails: calls 12, 16, ..., 108 are answered in the window (calls 10 to 109).
        var result = await ClosedLoop.RunAsync(Options(time, concurrency: 1), _ =>
        {
            calls++;
            time.Advance(Step);
            return calls % 4 == 0 ? Task.FromException(new InvalidOperationException($"boom {calls}")) : Task.CompletedTask;
        });

        Assert.Equal(25, result.Errors);
        Assert.Equal(75, result.Successes);
        Assert.Equal(75, result.Latency.Count);
        Assert.Equal("boom 12", result.FirstError?.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_WindowHooks_RunOnceEachInOrder()
    {
        var time = new FakeTimeProvider();
        var events = new List<string>();
        var options = Options(time, concurrency: 1) with
        {
            WindowOpened = _ => Record("opened"),
            WindowClosed = _ => Record("closed"),
        };

        await ClosedLoop.RunAsync(options, _ =>
        {
            time.Advance(Step);
            return Task.CompletedTask;
        });

        lock (events)
        {
            Assert.Equal(["opened", "closed"], events);
        }

        Task Record(string name)
        {
            lock (events)
            {
                events.Add(name);
            }

            return Task.CompletedTask;
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_FourWorkers_KeepExactlyFourCallsInFlight()
    {
        const int Concurrency = 4;
        var inFlight = 0;
        var most = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first calls wait until all four are in flight at once; none ever sees a fifth. A
        // worker that starts after the window has closed sends nothing, so the warm-up gives a
        // thread pool busy with other tests' work seconds to start all four.
        var result = await ClosedLoop.RunAsync(
            new ClosedLoopOptions { Concurrency = Concurrency, Warmup = TimeSpan.FromSeconds(5), Duration = TimeSpan.FromMilliseconds(200) },
            async ct =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                if (now == Concurrency)
                {
                    allStarted.TrySetResult();
                }

                await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
                // A call of about a millisecond, not a spin, for the rest of the warm-up.
                await Task.Delay(1, ct);
                Interlocked.Decrement(ref inFlight);
            });

        Assert.Equal(Concurrency, most);
        Assert.Equal(Concurrency, result.Concurrency);
        Assert.Equal(0, result.Errors);
        Assert.Equal(result.Successes, result.Latency.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClosedLoop.RunAsync(
            new ClosedLoopOptions { Concurrency = 2, Duration = TimeSpan.FromMinutes(5) },
            async ct =>
            {
                await cancel.CancelAsync();
                await Task.Delay(Timeout.Infinite, ct);
            },
            cancel.Token));
    }

    private static ClosedLoopOptions Options(FakeTimeProvider time, int concurrency) => new()
    {
        Concurrency = concurrency,
        Warmup = TimeSpan.FromMilliseconds(1),
        Duration = TimeSpan.FromMilliseconds(10),
        Time = time,
    };

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
