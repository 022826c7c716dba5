using AIaaS.Cli.Bench;

namespace AIaaS.Cli.Tests.Bench;

/// <summary><c>--duration</c> and <c>--warmup</c> values: a number and a unit.</summary>
public sealed class BenchDurationTests
{
    [Theory(Timeout = 10_000)]
    [InlineData("10s", 100_000_000)]
    [InlineData("500ms", 5_000_000)]
    [InlineData("2m", 1_200_000_000)]
    [InlineData("1.5s", 15_000_000)]
    [InlineData("0.1s", 1_000_000)]
    [InlineData("250us", 2_500)]
    [InlineData("0s", 0)]
    [InlineData(" 3s ", 30_000_000)]
    public async Task TryParse_NumberAndUnit_IsExactTicks(string text, long ticks)
    {
        await Task.Yield();

        Assert.True(BenchDuration.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromTicks(ticks), duration);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("-1s")]
    [InlineData("1e3s")]
    [InlineData("1,5s")]
    [InlineData("10 s")]
    [InlineData("")]
    public async Task TryParse_NotNumberAndUnit_FailsWithExample(string text)
    {
        await Task.Yield();

        Assert.False(BenchDuration.TryParse(text, out _, out var error));
        Assert.Contains("500ms, 10s", error, StringComparison.Ordinal);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(2_000, "2 s")]
    [InlineData(1_500, "1.5 s")]
    [InlineData(200, "200 ms")]
    [InlineData(120_000, "2 min")]
    public async Task Format_Milliseconds_IsShortText(int milliseconds, string expected)
    {
        await Task.Yield();

        Assert.Equal(expected, BenchDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
