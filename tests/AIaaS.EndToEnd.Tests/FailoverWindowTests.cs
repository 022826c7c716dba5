using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// How a load's timeline is read around a kill, on timestamps of 1,000 ticks per second (one tick
/// a millisecond) with the kill at tick 10,000, so every offset is exact.
/// </summary>
public sealed class FailoverWindowTests
{
    private const long Frequency = 1000;
    private const long KilledAt = 10_000;

    [Fact]
    public void Measure_NoErrors_ZeroWindowAndTheWholeTailClean()
    {
        var window = FailoverWindow.Measure([Ok(9_000), Ok(10_500), Ok(14_000)], KilledAt, Frequency);

        Assert.Equal(3, window.Calls);
        Assert.Equal(0, window.Errors);
        Assert.Null(window.FirstError);
        Assert.Null(window.LastError);
        Assert.Null(window.FirstException);
        Assert.Equal(TimeSpan.Zero, window.Window);
        Assert.Equal(1.0, window.SuccessRatio);
        Assert.Equal(TimeSpan.FromSeconds(4), window.LastAnswer);
        Assert.Equal(TimeSpan.FromSeconds(4), window.CleanTail);
        Assert.Equal(2, window.SuccessesAfterLastError);
    }

    [Fact]
    public void Measure_ErrorsAfterTheKill_WindowFromFirstToLastAndTailAfterTheLast()
    {
        var first = new InvalidOperationException("first");
        // Out of order, as concurrent workers enqueue them.
        CallOutcome[] outcomes = [Ok(9_000), Failed(12_250, new InvalidOperationException("last")), Failed(10_750, first), Ok(11_000), Ok(13_000), Ok(20_250)];

        var window = FailoverWindow.Measure(outcomes, KilledAt, Frequency);

        Assert.Equal(6, window.Calls);
        Assert.Equal(2, window.Errors);
        Assert.Equal(0, window.ErrorsBeforeKill);
        Assert.Equal(TimeSpan.FromMilliseconds(750), window.FirstError);
        Assert.Equal(TimeSpan.FromMilliseconds(2250), window.LastError);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), window.Window);
        Assert.Same(first, window.FirstException);
        Assert.Equal(4 / 6.0, window.SuccessRatio);
        Assert.Equal(TimeSpan.FromMilliseconds(10_250), window.LastAnswer);
        Assert.Equal(TimeSpan.FromSeconds(8), window.CleanTail);
        Assert.Equal(2, window.SuccessesAfterLastError);
    }

    [Fact]
    public void Measure_ErrorBeforeTheKill_CountedNegativeAndTheTailStartsAtTheKill()
    {
        var window = FailoverWindow.Measure([Failed(8_000, new InvalidOperationException("early")), Ok(9_000), Ok(12_000)], KilledAt, Frequency);

        Assert.Equal(1, window.ErrorsBeforeKill);
        Assert.Equal(TimeSpan.FromSeconds(-2), window.FirstError);
        Assert.Equal(TimeSpan.FromSeconds(2), window.CleanTail);
        Assert.Equal(1, window.SuccessesAfterLastError);
    }

    [Fact(Timeout = 10_000)]
    public async Task Record_SuccessAndFailure_RecordsBothAndRethrows()
    {
        var timeline = new CallTimeline();
        var boom = new InvalidOperationException("boom");
        var succeed = timeline.Record(_ => Task.CompletedTask);
        var fail = timeline.Record(_ => Task.FromException(boom));

        await succeed(CancellationToken.None);
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => fail(CancellationToken.None));
        var window = timeline.Failover(killedAt: 0);

        Assert.Same(boom, thrown);
        Assert.Equal(2, window.Calls);
        Assert.Equal(1, window.Errors);
        Assert.Same(boom, window.FirstException);
    }

    private static CallOutcome Ok(long at) => new(at, null);

    private static CallOutcome Failed(long at, Exception error) => new(at, error);
}
