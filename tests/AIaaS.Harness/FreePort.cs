using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AIaaS.Testing;

/// <summary>Loopback TCP ports the operating system reports free, for silos and HTTP servers started by tests.</summary>
/// <remarks>
/// The ports come from below the kernel's ephemeral range
/// (<c>/proc/sys/net/ipv4/ip_local_port_range</c>), never from it: a port the kernel handed out as
/// free from that range can be given the next moment to any process's outgoing connection as its
/// local port (silos, Redis clients and HTTP clients open many), and the silo meant to listen on it
/// then fails to bind. No outgoing connection takes a port below the range.
/// </remarks>
public static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly int BelowEphemeral = EphemeralRangeStart() - 1;

    /// <summary>One free loopback port.</summary>
    public static int Next() => Take(1)[0];

    /// <summary>
    /// <paramref name="count"/> distinct free loopback ports. Every listener stays open until all
    /// ports are taken, so this call cannot hand out one port twice; another test may still bind a
    /// port between this call and the caller's bind, a race the random choice keeps rare.
    /// </summary>
    public static int[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var attempt = 0; listeners.Count < count; attempt++)
            {
                if (attempt > 1000)
                {
                    throw new InvalidOperationException($"no free loopback port from {Lowest} to {BelowEphemeral} after 1000 tries");
                }

                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(Lowest, BelowEphemeral + 1));
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose();
                }
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        // Linux's default when the file cannot be read.
        var start = 32768;
        if (File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var read))
        {
            start = read;
        }

        return Math.Max(start, Lowest + 1000);
    }
}
