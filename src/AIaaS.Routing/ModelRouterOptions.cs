namespace AIaaS.Routing;

/// <summary>How a router keeps its routing tables fresh.</summary>
public sealed class ModelRouterOptions
{
    /// <summary>
    /// Age after which a cached table is fetched again. Tables are also pushed on change; polling
    /// is the fallback for a push that was lost.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
