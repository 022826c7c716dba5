using System.CommandLine;
using AIaaS.Cli.Commands;

namespace AIaaS.Cli.Tests.Commands;

/// <summary>
/// Every command that takes <c>--url</c> reads it through <see cref="FrontUrl"/>: a URL that is not
/// http:// or https:// is refused while the command line is parsed, naming it.
/// </summary>
public sealed class FrontUrlTests
{
    public static TheoryData<string, string[]> CommandsTakingUrl() => new()
    {
        { "infer", ["infer", "m", "--input", "x=a.npy"] },
        { "bench", ["bench", "m"] },
        { "predict", ["predict", "m", "rows.json"] },
        { "embed", ["embed", "a text"] },
        { "ocr", ["ocr", "a.png"] },
        { "status", ["status"] },
        { "tenants", ["tenants", "list"] },
        { "keys", ["keys", "list", "t"] },
        { "usage", ["usage"] },
        { "rollout", ["rollout", "status", "m"] },
        { "sessions", ["sessions", "list"] },
        { "models", ["models", "scale", "m", "--replicas", "2"] },
    };

    [Theory]
    [MemberData(nameof(CommandsTakingUrl))]
    public void ANonHttpUrl_IsAParseErrorNamingIt(string command, string[] arguments)
    {
        var result = Root(command).Parse([.. arguments, "--url", "ftp://127.0.0.1:8000"]);

        Assert.Contains(result.Errors, e => e.Message == "--url 'ftp://127.0.0.1:8000' is not an http:// or https:// URL");
    }

    [Theory]
    [MemberData(nameof(CommandsTakingUrl))]
    public void AnHttpUrl_Parses(string command, string[] arguments)
    {
        var result = Root(command).Parse([.. arguments, "--url", "http://127.0.0.1:9000/"]);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void NuGetFeed_ParsesAsAUrl_AndANonHttpOneIsAParseErrorNamingIt()
    {
        var pull = Root("models").Parse(["models", "pull", "--nuget-feed", "http://127.0.0.1:9000/v3-flatcontainer/"]);
        var wrong = Root("models").Parse(["models", "pull", "--nuget-feed", "ftp://127.0.0.1:9000/"]);

        Assert.Empty(pull.Errors);
        Assert.Equal(new Uri("http://127.0.0.1:9000/v3-flatcontainer/"), pull.GetValue<Uri>("--nuget-feed"));
        Assert.Contains(wrong.Errors, e => e.Message == "--nuget-feed 'ftp://127.0.0.1:9000/' is not an http:// or https:// URL");
    }

    [Fact]
    public void ServingTarget_IsTheFront_ByDefault_OrTheUrlGiven_OrNoneWithTheSdk()
    {
        var target = new ServingTargetOptions();
        var command = new Command("x");
        target.AddTo(command);

        Assert.Equal(FrontUrl.Default, target.FrontOf(command.Parse([])));
        Assert.Equal(new Uri("https://127.0.0.1:8443/"), target.FrontOf(command.Parse(["--url", "https://127.0.0.1:8443/"])));
        Assert.Null(target.FrontOf(command.Parse(["--gateway-port", "30000"])));
        Assert.Contains(command.Parse(["--url", "http://127.0.0.1:8000", "--redis", "127.0.0.1:6379"]).Errors, e => e.Message == "give one of --url, --gateway-port and --redis");
    }

    private static RootCommand Root(string command)
    {
        Command created = command switch
        {
            "infer" => InferCommand.Create(),
            "bench" => BenchCommand.Create(),
            "predict" => PredictCommand.Create(),
            "embed" => EmbedCommand.Create(),
            "ocr" => OcrCommand.Create(),
            "status" => StatusCommand.Create(),
            "tenants" => TenantsCommand.Create(),
            "keys" => KeysCommand.Create(),
            "usage" => UsageCommand.Create(),
            "rollout" => RolloutCommand.Create(),
            "sessions" => SessionsCommand.Create(),
            "models" => ModelsCommand.Create(),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };
        return new RootCommand { Subcommands = { created } };
    }
}
