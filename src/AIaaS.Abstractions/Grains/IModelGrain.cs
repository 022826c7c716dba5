using AIaaS.Models;
using AIaaS.Routing;
using AIaaS.Statistics;
using Orleans.Concurrency;

namespace AIaaS.Grains;

/// <summary>The deployment record of one model (key: model name) and the controller of its replicas.</summary>
[Alias("aiaas.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Versions and their status; a model never registered has none.</summary>
    [Alias("get-deployment")]
    Task<ModelDeployment> GetDeployment();

    /// <summary>
    /// Records what the repository holds. A model seen for the first time is loaded; one already
    /// recorded keeps its status (so a model unloaded before a restart stays unloaded).
    /// </summary>
    [Alias("register")]
    Task<ModelDeployment> Register(ModelDefinition definition);

    /// <summary>Loads the versions the version policy selects from <paramref name="definition"/>; waits until each is ready or failed.</summary>
    [Alias("load")]
    Task<ModelDeployment> Load(ModelDefinition definition);

    /// <summary>Stops serving every version; the record says unloaded until the next load.</summary>
    [Alias("unload")]
    Task<ModelDeployment> Unload();

    /// <summary>One version's record, read by replicas as they activate.</summary>
    [AlwaysInterleave, Alias("get-version")]
    Task<ModelVersionInfo?> GetVersion(int version);

    [AlwaysInterleave, Alias("get-routing-table")]
    Task<RoutingTable> GetRoutingTable();

    /// <summary>
    /// Sends <paramref name="observer"/> the routing table now and on every new revision, for a
    /// few minutes: routers subscribe again periodically, and poll as well.
    /// </summary>
    [AlwaysInterleave, Alias("subscribe")]
    Task Subscribe(IRoutingObserver observer);

    [AlwaysInterleave, Alias("unsubscribe")]
    Task Unsubscribe(IRoutingObserver observer);

    /// <summary>
    /// Statistics of every version, or of <paramref name="version"/> only, each combined over the
    /// version's replicas (zeros for a version that is not ready). A replica that cannot be reached
    /// is left out. Loads nothing.
    /// </summary>
    /// <exception cref="Errors.InferenceException">Kind NotFound: the model was never registered, or has no such version.</exception>
    [AlwaysInterleave, Alias("get-statistics")]
    Task<IReadOnlyList<ModelStatistics>> GetStatistics(int? version);
}
