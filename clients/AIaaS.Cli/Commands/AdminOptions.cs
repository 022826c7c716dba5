using System.CommandLine;
using AIaaS.Cli.Remote;

namespace AIaaS.Cli.Commands;

/// <summary>The options every admin command takes: <c>--url</c>, <c>--api-key</c> (else <c>AIAAS_API_KEY</c>), <c>--json</c>.</summary>
internal sealed class AdminOptions
{
    public Option<Uri> Url { get; } = FrontUrl.Create();

    public Option<string?> ApiKey { get; } = ApiKeyOption.Create();

    public Option<bool> Json { get; } = new("--json") { Description = "Print the server's JSON instead of tables" };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
    }

    /// <summary>A client for the parsed options.</summary>
    public AdminApi Connect(ParseResult result) =>
        new(result.GetValue(Url)!, ApiKeyOption.Read(result, ApiKey));

    /// <summary>Writes a JSON document as is: for other programs, never wrapped.</summary>
    public static void PrintRaw(string document)
    {
        var writer = CliOutput.Out.Profile.Out.Writer;
        writer.WriteLine(document);
        writer.Flush();
    }
}
