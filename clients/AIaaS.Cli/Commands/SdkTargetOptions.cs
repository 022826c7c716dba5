using System.CommandLine;
using System.CommandLine.Parsing;
using AIaaS.Client;

namespace AIaaS.Cli.Commands;

/// <summary>
/// How a command finds the cluster through the .NET SDK: <c>--gateway-port</c> (a local silo's
/// Orleans gateway), <c>--redis</c> (the gateways a Redis-clustered deployment lists) and
/// <c>--cluster-id</c>; <c>--tls-*</c> for a cluster on mutual TLS and <c>--redis-tls-*</c> for a
/// Redis with its own authority or client certificates (the SDK's options of the same names).
/// Shared by every command that can use the SDK.
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
        TlsCertificate = PemFile("--tls-certificate", "This client's certificate for a cluster on mutual TLS (with --tls-key and --tls-authority)");
        TlsKey = PemFile("--tls-key", "The key of --tls-certificate");
        TlsAuthority = PemFile("--tls-authority", "The authority the gateways' certificates chain to");
        RedisTlsAuthority = PemFile("--redis-tls-authority", "The authority Redis's certificate chains to, when it is your own (turns TLS to Redis on)");
        RedisTlsCertificate = PemFile("--redis-tls-certificate", "This client's certificate for a Redis that requires one (with --redis-tls-key)");
        RedisTlsKey = PemFile("--redis-tls-key", "The key of --redis-tls-certificate");
    }

    public Option<int?> GatewayPort { get; }

    public Option<string?> Redis { get; }

    public Option<string> ClusterId { get; }

    public Option<string?> TlsCertificate { get; }

    public Option<string?> TlsKey { get; }

    public Option<string?> TlsAuthority { get; }

    public Option<string?> RedisTlsAuthority { get; }

    public Option<string?> RedisTlsCertificate { get; }

    public Option<string?> RedisTlsKey { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(GatewayPort);
        command.Options.Add(Redis);
        command.Options.Add(ClusterId);
        command.Options.Add(TlsCertificate);
        command.Options.Add(TlsKey);
        command.Options.Add(TlsAuthority);
        command.Options.Add(RedisTlsAuthority);
        command.Options.Add(RedisTlsCertificate);
        command.Options.Add(RedisTlsKey);
    }

    /// <summary>Adds a validator refusing more than one of <paramref name="url"/>, <c>--gateway-port</c> and <c>--redis</c>.</summary>
    public void AddOneTargetValidator(Command command, Option<Uri?> url) =>
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
        var tlsCertificate = result.GetValue(TlsCertificate);
        var tlsKey = result.GetValue(TlsKey);
        var tlsAuthority = result.GetValue(TlsAuthority);
        var redisTlsAuthority = result.GetValue(RedisTlsAuthority);
        var redisTlsCertificate = result.GetValue(RedisTlsCertificate);
        var redisTlsKey = result.GetValue(RedisTlsKey);
        return o =>
        {
            o.ClusterId = clusterId;
            o.TlsCertificate = tlsCertificate;
            o.TlsKey = tlsKey;
            o.TlsAuthority = tlsAuthority;
            o.RedisTlsAuthority = redisTlsAuthority;
            o.RedisTlsCertificate = redisTlsCertificate;
            o.RedisTlsKey = redisTlsKey;
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

    private static Option<string?> PemFile(string name, string description) => new(name) { Description = description + " (PEM file)" };
}
