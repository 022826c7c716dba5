using System.Diagnostics;

namespace AIaaS.Routing;

/// <summary>
/// The router's trace spans (<c>aiaas.route</c>: which version and replica a request went to),
/// on silos and in the client SDK alike. Spans exist only while a tracer listens.
/// </summary>
internal static class RoutingActivities
{
    public const string SourceName = "AIaaS.Routing";

    public static ActivitySource Source { get; } = new(SourceName);
}
