using System.Globalization;

namespace AIaaS.Testing;

/// <summary>
/// The command line every harness gives a silo, in a child process or in this one: its HTTP,
/// silo and gateway ports on loopback, its model repository, data directory and cluster id.
/// </summary>
public static class SiloArguments
{
    /// <summary>Three free loopback ports: HTTP, silo, gateway.</summary>
    public static (int Http, int Silo, int Gateway) TakePorts()
    {
        var ports = FreePort.Take(3);
        return (ports[0], ports[1], ports[2]);
    }

    /// <param name="extraUrls">More URLs for the host to bind besides the HTTP port (an https:// one, say).</param>
    public static List<string> Create((int Http, int Silo, int Gateway) ports, string modelRepository, string dataDirectory, string clusterId, IReadOnlyList<string>? extraUrls = null) =>
    [
        "--urls", string.Join(';', [string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports.Http}"), .. extraUrls ?? []]),
        $"--AIaaS:ModelRepository={modelRepository}",
        $"--AIaaS:DataDirectory={dataDirectory}",
        string.Create(CultureInfo.InvariantCulture, $"--AIaaS:SiloPort={ports.Silo}"),
        string.Create(CultureInfo.InvariantCulture, $"--AIaaS:GatewayPort={ports.Gateway}"),
        $"--AIaaS:ClusterId={clusterId}",
    ];

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public static Uri BaseAddress(int httpPort) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}/"));
}
