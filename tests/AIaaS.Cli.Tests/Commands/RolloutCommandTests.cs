using AIaaS.Cli.Commands;

namespace AIaaS.Cli.Tests.Commands;

/// <summary><c>aiaas rollout status --watch --count N</c>: a bounded watch, refused while the command line is parsed when it cannot mean anything.</summary>
public sealed class RolloutCommandTests
{
    [Fact]
    public void StatusWatchCount_Parses()
    {
        var result = RolloutCommand.Create().Parse(["status", "m", "--watch", "--count", "3"]);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.GetValue<int?>("--count"));
    }

    [Fact]
    public void StatusCount_WithoutWatch_IsAParseError()
    {
        var result = RolloutCommand.Create().Parse(["status", "m", "--count", "3"]);

        Assert.Equal(["--count needs --watch"], result.Errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("0")]
    public void StatusWatchCount_BelowOne_IsAParseErrorNamingIt(string count)
    {
        var result = RolloutCommand.Create().Parse(["status", "m", "--watch", "--count", count]);

        Assert.Contains(result.Errors, e => e.Message == $"--count {count}: give 1 or more frames");
    }
}
