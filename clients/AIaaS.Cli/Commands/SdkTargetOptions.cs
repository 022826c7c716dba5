using System.CommandLine;
using System.CommandLine.Parsing;
using AIaaS.Client;

namespace AIaaS.Cli.Commands;

/// <summary>
/// How a command finds the cluster through the .NET SDK: <c>--gateway-port</c> (a local silo's
/// Orleans gateway), <c>--redis</c> (the gateways a Redis-clustered deployment lists) and
/// <c>--cluster-id</c>. Shared by <c>infer</c> and <c>bench</c>.
/// </summary>
internal sealed class SdkTargetOptions
{
    /// <param name="use">When the SDK is used, completing the descriptions (e.g. "instead of HTTP").</param>
    public SdkTargetOptions(string use)
    {
        GatewayPort = new Option<int?>("--gateway-port")
        {
            Description = $"Use the .NET SDK against a local silo's Orleans gateway port {use}",
        };
        Redis = new Option<string?>("--redis")
        {
            Description = $"Use the .NET SDK and find the gateways through Redis (HOST:PORT) {use}",
        };
        ClusterId = new Option<string>("--cluster-id")
        {
            Description = "Cluster id for --gateway-port and --redis",
            DefaultValueFactory = _ => "aiaas",
        };
    }

    public Option<int?> GatewayPort { get; }

    public Option<string?> Redis { get; }

    public Option<string> ClusterId { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(GatewayPort);
        command.Options.Add(Redis);
        command.Options.Add(ClusterId);
    }

    /// <summary>Adds a validator refusing more than one of <paramref name="url"/>, <c>--gateway-port</c> and <c>--redis</c>.</summary>
    public void AddOneTargetValidator(Command command, Option<string?> url) =>
        command.Validators.Add(result =>
        {
            var targets = new SymbolResult?[] { result.GetResult(url), result.GetResult(GatewayPort), result.GetResult(Redis) }.Count(r => r is not null);
            if (targets > 1)
            {
                result.AddError("give one of --url, --gateway-port and --redis");
            }
        });

    /// <summary>Whether <c>--gateway-port</c> or <c>--redis</c> was given.</summary>
    public bool IsGiven(ParseResult result) => result.GetResult(GatewayPort) is not null || result.GetResult(Redis) is not null;

    /// <summary>The SDK's options: Redis when given, else the gateway port (the SDK's default, 30000, when not given).</summary>
    public Action<AIaaSClientOptions> Configure(ParseResult result)
    {
        var port = result.GetValue(GatewayPort);
        var redis = result.GetValue(Redis);
        var clusterId = result.GetValue(ClusterId)!;
        return o =>
        {
            o.ClusterId = clusterId;
            if (redis is not null)
            {
                o.Redis = redis;
            }
            else if (port is { } p)
            {
                o.GatewayPort = p;
            }
        };
    }
}
