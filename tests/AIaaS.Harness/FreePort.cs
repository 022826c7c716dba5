using System.Net;
using System.Net.Sockets;

namespace AIaaS.Testing;

/// <summary>Loopback TCP ports the operating system reports free, for silos and HTTP servers started by tests.</summary>
public static class FreePort
{
    /// <summary>One free loopback port.</summary>
    public static int Next() => Take(1)[0];

    /// <summary>
    /// <paramref name="count"/> distinct free loopback ports. Every listener stays open until all
    /// ports are taken, so the system cannot hand out one port twice; another process may still
    /// take a port between this call and the caller's bind, a race tests accept.
    /// </summary>
    public static int[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Dispose();
            }
        }
    }
}
