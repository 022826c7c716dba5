using Orleans.Runtime.Messaging;

namespace AIaaS.Routing;

/// <summary>Which exceptions of a grain call mean the callee's silo is gone, so a retry activates the grain elsewhere.</summary>
internal static class SiloFailures
{
    public static bool Is(Exception ex) =>
        ex is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException;
}
