using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AIaaS.Http.Hosting;

/// <summary>Kestrel's limits, each set on purpose from <see cref="AIaaSHttpOptions"/> rather than left to its defaults.</summary>
internal static class KestrelLimits
{
    public static void Apply(KestrelServerLimits limits, AIaaSHttpOptions options)
    {
        limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        limits.MaxConcurrentConnections = options.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersBytes;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestLineSize = 8 * 1024;
        // A request's headers must arrive within this, so a slow sender cannot hold a connection with them.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(120);
        limits.MinRequestBodyDataRate = options.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(options.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5))
            : null;
    }
}
