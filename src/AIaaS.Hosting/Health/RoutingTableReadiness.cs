using AIaaS.Routing;

namespace AIaaS.Hosting.Health;

/// <summary>
/// The part of a front's readiness that says it can route: its router holds the routing table of
/// every model it serves, fetched from the cluster at least once. Until then a request would wait
/// on a model grain (or fail, when the silos holding them are unreachable) before it reached a
/// replica; a load balancer should send it none.
/// </summary>
internal sealed class RoutingTableReadiness(ModelRouter router, TimeProvider time)
{
    /// <summary>
    /// How long a probe waits for the tables it lacks. Kubernetes' default probe timeout is 1 s; a
    /// fetch still running after this carries on and fills the cache for the next probe.
    /// </summary>
    internal static readonly TimeSpan LoadWait = TimeSpan.FromMilliseconds(500);

    /// <summary>Null when every one of <paramref name="models"/> has a cached table; else why not, naming the first model that lacks one.</summary>
    public async Task<string?> NotReadyReasonAsync(IEnumerable<string> models)
    {
        var missing = models.Where(m => router.CachedRevision(m) < 0).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var loads = missing.Select(m => (Model: m, Load: router.LoadTableAsync(m))).ToList();
        try
        {
            await Task.WhenAll(loads.Select(l => l.Load)).WaitAsync(LoadWait, time).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each load's own outcome names the model below; a load that timed out here goes on.
        }

        foreach (var (model, load) in loads)
        {
            if (load.IsFaulted)
            {
                return $"the router could not load the routing table of model '{model}' from the cluster ({load.Exception!.GetBaseException().Message})";
            }

            if (!load.IsCompletedSuccessfully)
            {
                return $"the router has not loaded the routing table of model '{model}' from the cluster yet (no answer within {LoadWait.TotalMilliseconds:0} ms)";
            }
        }

        return null;
    }
}
