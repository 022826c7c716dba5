using System.CommandLine;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>--api-key</c>, else the <c>AIAAS_API_KEY</c> environment variable: how every command that
/// calls the front over HTTP authenticates where it requires keys (admin routes need an admin's).
/// </summary>
internal static class ApiKeyOption
{
    public const string EnvironmentVariable = "AIAAS_API_KEY";

    public static Option<string?> Create() => new("--api-key") { Description = $"API key (default: the {EnvironmentVariable} environment variable)" };

    public static string? Read(ParseResult result, Option<string?> option) =>
        result.GetValue(option) ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
}
