using System.Globalization;
using AIaaS.Errors;
using AIaaS.Http.Protocol;
using AIaaS.Http.Security;
using AIaaS.Repository;
using AIaaS.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AIaaS.Http.Endpoints;

/// <summary>The model repository extension: index, load, unload.</summary>
internal static class RepositoryEndpoints
{
    public static void MapRepository(RouteGroupBuilder v2)
    {
        v2.MapPost("/repository/index", IndexAsync);
        v2.MapPost("/repository/models/{model}/load", LoadAsync).RequireAuthorization(ApiKeyAuthenticationDefaults.AdminPolicy);
        v2.MapPost("/repository/models/{model}/unload", UnloadAsync).RequireAuthorization(ApiKeyAuthenticationDefaults.AdminPolicy);
    }

    /// <summary>The models of the repository the caller's tenant is entitled to.</summary>
    private static async Task<IResult> IndexAsync(ModelRepository repository, IGrainFactory grains, HttpContext context)
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

        var entries = new List<RepositoryIndexEntry>();
        foreach (var name in index.Select(e => e.Name).Where(tenant.IsEntitled))
        {
            var deployment = await grains.GetGrain<IModelGrain>(name).GetDeployment();
            if (deployment.Versions.Count == 0)
            {
                entries.Add(new RepositoryIndexEntry(name, null, "UNAVAILABLE", "not registered"));
                continue;
            }

            entries.AddRange(deployment.Versions.Select(v => new RepositoryIndexEntry(
                name,
                v.Version.ToString(CultureInfo.InvariantCulture),
                StateOf(v.Status),
                v.Status == ModelVersionStatus.Ready ? null : v.Reason ?? v.Status.ToString().ToLowerInvariant())));
        }

        return Results.Json(entries);
    }

    private static async Task<IResult> LoadAsync(string model, ModelRepository repository, IGrainFactory grains)
    {
        ModelDefinition? definition;
        try
        {
            definition = repository.Find(model);
        }
        catch (ArgumentException ex)
        {
            throw InferenceException.InvalidArgument(ex.Message);
        }
        catch (ModelRepositoryException ex)
        {
            throw InferenceException.InvalidArgument($"model '{model}' is invalid: {string.Join("; ", ex.Errors.DefaultIfEmpty(ex.Message))}");
        }

        if (definition is null)
        {
            throw InferenceException.NotFound($"model '{model}' is not in the model repository");
        }

        var deployment = await grains.GetGrain<IModelGrain>(model).Load(definition);
        var failed = deployment.Versions.Where(v => v.Status == ModelVersionStatus.Failed).ToList();
        return failed.Count == 0
            ? Results.Json(new { })
            : ErrorResponses.Error(StatusCodes.Status503ServiceUnavailable,
                $"failed to load model '{model}': " + string.Join("; ", failed.Select(v => $"version {v.Version}: {v.Reason}")));
    }

    private static async Task<IResult> UnloadAsync(string model, IGrainFactory grains)
    {
        await InferenceEndpoints.DeploymentAsync(grains, model);
        await grains.GetGrain<IModelGrain>(model).Unload();
        return Results.Json(new { });
    }

    internal static string StateOf(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.Ready => "READY",
        ModelVersionStatus.Loading => "LOADING",
        _ => "UNAVAILABLE",
    };
}
