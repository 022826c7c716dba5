namespace AIaaS.Grains.Controller;

/// <summary>How the model grain runs as a deployment controller (section <c>AIaaS:Controller</c>).</summary>
internal sealed class ModelControllerOptions
{
    public const string SectionName = "AIaaS:Controller";

    /// <summary>
    /// How long replicas taken out of the routing table keep serving before they unload: routers
    /// get the new table pushed at once, and poll for it every few seconds if a push was lost
    /// (<c>ModelRouterOptions.RefreshInterval</c>, 5 s), so requests sent meanwhile still complete.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an autoscaled model's load is measured and judged.</summary>
    public TimeSpan AutoscalingInterval { get; set; } = TimeSpan.FromSeconds(5);
}
