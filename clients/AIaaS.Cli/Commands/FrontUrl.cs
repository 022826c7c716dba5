using System.CommandLine;
using System.CommandLine.Parsing;
using AIaaS.Cli.Remote;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>--url</c>, the base URL of a front silo, as every command takes it: read once, while the
/// command line is parsed, so anything but an absolute http:// or https:// URL is refused there,
/// naming it, before a command starts any work.
/// </summary>
internal static class FrontUrl
{
    /// <summary>A local silo's HTTP port.</summary>
    public static Uri Default { get; } = new(OipHttpClient.DefaultUrl);

    /// <summary><c>--url</c>, <see cref="Default"/> when not given.</summary>
    public static Option<Uri> Create(string description = "Base URL of a front (or all-in-one) silo") => new("--url")
    {
        Description = description,
        DefaultValueFactory = _ => Default,
        CustomParser = result => Parse(result) ?? Default,
    };

    /// <summary><c>--url</c>, null when not given: for commands that can reach the runtime another way.</summary>
    public static Option<Uri?> CreateOptional(string description) => new("--url")
    {
        Description = description,
        CustomParser = Parse,
    };

    /// <summary>
    /// An option's absolute http(s) URL (System.CommandLine has no parser for <see cref="Uri"/>),
    /// null when not given; anything else is a parse error naming the option and the text.
    /// </summary>
    public static Uri? Parse(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (OipHttpClient.TryParseBaseUrl(text, out var url))
        {
            return url;
        }

        var option = (result.Parent as OptionResult)?.Option.Name ?? "--url";
        result.AddError($"{option} '{text}' is not an http:// or https:// URL");
        return null;
    }
}
