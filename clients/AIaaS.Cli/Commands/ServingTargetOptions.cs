using System.CommandLine;
using AIaaS.Client;

namespace AIaaS.Cli.Commands;

/// <summary>
/// How a command that serves requests reaches the runtime: a front silo over HTTP (<c>--url</c>,
/// the default) or the .NET SDK (<see cref="SdkTargetOptions"/>' switches), one of the two.
/// </summary>
internal sealed class ServingTargetOptions(string urlDescription = $"Base URL of a front silo (default {Remote.OipHttpClient.DefaultUrl})")
{
    public Option<Uri?> Url { get; } = FrontUrl.CreateOptional(urlDescription);

    public SdkTargetOptions Sdk { get; } = new("instead of HTTP");

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        Sdk.AddTo(command);
        Sdk.AddOneTargetValidator(command, Url);
    }

    /// <summary>The front silo to call over HTTP, or null when the SDK's switches are given.</summary>
    public Uri? FrontOf(ParseResult result) => Sdk.IsGiven(result) ? null : result.GetValue(Url) ?? FrontUrl.Default;

    /// <summary>The SDK's options from its switches (used when <see cref="FrontOf"/> is null).</summary>
    public Action<AIaaSClientOptions> SdkOf(ParseResult result) => Sdk.Configure(result);
}
