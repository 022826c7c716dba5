using System.CommandLine;
using AIaaS.Cli.Remote;

namespace AIaaS.Cli.Commands;

/// <summary>The options every admin command takes: <c>--url</c>, <c>--api-key</c> (else <c>AIAAS_API_KEY</c>), <c>--json</c>.</summary>
internal sealed class AdminOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    public Option<string> Url { get; } = new("--url") { Description = "Base URL of a front (or all-in-one) silo", DefaultValueFactory = _ => DefaultUrl };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default: the AIAAS_API_KEY environment variable)" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the server's JSON instead of tables" };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
    }

    /// <summary>A client for the parsed options, or null (with the error printed) for a bad URL.</summary>
    public AdminApi? Connect(ParseResult result)
    {
        var url = result.GetValue(Url)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            CliOutput.Fail($"--url '{url}' is not an http:// or https:// URL");
            return null;
        }

        return new AdminApi(baseUrl, result.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("AIAAS_API_KEY"));
    }

    /// <summary>Writes a JSON document as is: for other programs, never wrapped.</summary>
    public static void PrintRaw(string document)
    {
        var writer = CliOutput.Out.Profile.Out.Writer;
        writer.WriteLine(document);
        writer.Flush();
    }
}
