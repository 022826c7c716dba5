using System.Diagnostics;

namespace AIaaS.EndToEnd.Tests.Rollouts;

/// <summary>
/// A closed-loop load that runs until stopped (a rollout's length is not known in advance):
/// <c>concurrency</c> callers each calling again as soon as a call returns. Counts calls and
/// failures and keeps the first failure; bounded by the test's own timeout.
/// </summary>
internal sealed class ContinuousLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _callers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _calls;
    private long _failures;
    private Exception? _firstFailure;

    private ContinuousLoad(int concurrency, Func<CancellationToken, Task> call)
    {
        _callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => RunAsync(call))).ToArray();
    }

    public long Calls => Interlocked.Read(ref _calls);

    public long Failures => Interlocked.Read(ref _failures);

    public Exception? FirstFailure => Volatile.Read(ref _firstFailure);

    public TimeSpan Elapsed => _clock.Elapsed;

    public static ContinuousLoad Start(int concurrency, Func<CancellationToken, Task> call) => new(concurrency, call);

    /// <summary>Waits until <paramref name="calls"/> calls have been answered (so replicas are warm).</summary>
    public async Task WaitForCallsAsync(long calls, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Calls < calls)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the load made {Calls} of {calls} calls in {timeout.TotalSeconds:0} s; {Describe()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops calling and waits for the calls in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers);
        _clock.Stop();
    }

    public string Describe() =>
        $"{Calls} calls, {Failures} failed in {Elapsed.TotalSeconds:F1} s" + (FirstFailure is { } error ? $"; first failure: {error.GetType().Name}: {error.Message}" : "");

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(Func<CancellationToken, Task> call)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await call(CancellationToken.None);
                Interlocked.Increment(ref _calls);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _calls);
                Interlocked.Increment(ref _failures);
                Interlocked.CompareExchange(ref _firstFailure, ex, null);
            }
        }
    }
}
