using System.Globalization;
using AIaaS.Errors;
using AIaaS.Http.Security;
using AIaaS.Repository;
using AIaaS.Models;
using AIaaS.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AIaaS.Http.Endpoints;

/// <summary>Triton's statistics extension: per model version, combined over the version's replicas.</summary>
internal static class StatisticsEndpoints
{
    private static readonly StatisticDurationResponse NoCache = new(0, 0);

    public static void MapStatistics(RouteGroupBuilder v2)
    {
        // A literal segment outranks a parameter in ASP.NET Core routing: /v2/models/stats is always
        // this endpoint, never the metadata of a model named "stats" (such a model is not supported).
        v2.MapGet("/models/stats", AllAsync);
        v2.MapGet("/models/{model}/stats", (string model, IGrainFactory grains) => ModelAsync(grains, model, null));
        v2.MapGet("/models/{model}/versions/{version}/stats", (string model, string version, IGrainFactory grains) => ModelAsync(grains, model, ModelVersionNumber.Parse(version)));
    }

    /// <summary>Every version of every model of the repository that has been registered and the caller's tenant is entitled to.</summary>
    private static async Task<IResult> AllAsync(ModelRepository repository, IGrainFactory grains, HttpContext context)
    {
        var tenant = TenantContext.Get(context);
        IReadOnlyList<ModelRepositoryEntry> index;
        try
        {
            index = repository.Index();
        }
        catch (ModelRepositoryException ex)
        {
            throw InferenceException.Unavailable(ex.Message);
        }

        var models = await Task.WhenAll(index.Where(e => tenant.IsEntitled(e.Name)).Select(e => RegisteredAsync(grains, e.Name)));
        return Respond(models.SelectMany(m => m));
    }

    private static async Task<IResult> ModelAsync(IGrainFactory grains, string model, int? version) =>
        Respond(await grains.GetGrain<IModelGrain>(model).GetStatistics(version));

    private static async Task<IReadOnlyList<ModelStatistics>> RegisteredAsync(IGrainFactory grains, string model)
    {
        try
        {
            return await grains.GetGrain<IModelGrain>(model).GetStatistics(null);
        }
        catch (InferenceException ex) when (ex.Kind == InferenceErrorKind.NotFound)
        {
            // In the repository but not registered (invalid, or start-up registration still running).
            return [];
        }
    }

    private static IResult Respond(IEnumerable<ModelStatistics> statistics) =>
        Results.Json(new StatisticsResponse(statistics.Select(Describe).ToArray()));

    private static ModelStatisticsResponse Describe(ModelStatistics s) => new(
        s.Name,
        s.Version.ToString(CultureInfo.InvariantCulture),
        s.LastInference,
        s.InferenceCount,
        s.ExecutionCount,
        new InferenceStatisticsResponse(
            Describe(s.Success),
            Describe(s.Fail),
            Describe(s.Queue),
            Describe(s.ComputeInput),
            Describe(s.ComputeInfer),
            Describe(s.ComputeOutput),
            NoCache,
            NoCache),
        s.BatchStats.Select(b => new BatchStatisticsResponse(b.BatchSize, Describe(b.ComputeInput), Describe(b.ComputeInfer), Describe(b.ComputeOutput))).ToArray(),
        s.Sequence is { } q ? new SequenceStatisticsResponse(q.Active, q.Started, q.Steps, q.Repeated, q.Failovers, Describe(q.Checkpoints)) : null);

    private static StatisticDurationResponse Describe(StatisticDuration d) => new(d.Count, d.Ns);
}
