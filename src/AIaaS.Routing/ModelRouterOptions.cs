namespace AIaaS.Routing;

/// <summary>How a router keeps its routing tables fresh.</summary>
internal sealed class ModelRouterOptions
{
    /// <summary>
    /// Age after which a cached table is fetched again. Tables are also pushed on change; polling
    /// is the fallback for a push that was lost.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the router renews its subscriptions to pushed tables.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a replica whose silo failed a call is avoided while its grain reactivates
    /// elsewhere (the membership takes seconds to declare a killed silo dead).
    /// </summary>
    public TimeSpan SuspectFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Requests in flight on a replica of a shadowed version (a rollout's shadow step) past which
    /// this router sends it no more copies until some finish. A shadow is a sample: it must not
    /// queue behind a backlog of its own making, nor take the silo from the versions serving.
    /// </summary>
    public int MaxShadowInFlight { get; set; } = 8;
}
