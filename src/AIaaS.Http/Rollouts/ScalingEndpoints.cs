using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AIaaS.Http.Rollouts;

/// <summary>
/// Replica counts: <c>POST /admin/models/{m}/scale</c> with <c>{"replicas": N}</c> sets the
/// serving version's replicas; <c>GET /admin/models/{m}/scaling</c> lists the recent changes,
/// the autoscaler's and operators'.
/// </summary>
internal static class ScalingEndpoints
{
    /// <returns>The group, so that an authorization policy can be attached at once.</returns>
    public static RouteGroupBuilder MapScaling(RouteGroupBuilder admin)
    {
        var models = admin.MapGroup("/models/{model}");
        models.MapPost("/scale", ScaleAsync);
        models.MapGet("/scaling", async (string model, IGrainFactory grains) =>
            Results.Json(await grains.GetGrain<IModelGrain>(model).GetScalingHistory()));
        return models;
    }

    private static async Task<IResult> ScaleAsync(string model, HttpRequest request, IGrainFactory grains)
    {
        int replicas;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            replicas = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("replicas", out var value)
                && value.TryGetInt32(out var number)
                ? number
                : throw InferenceException.InvalidArgument("the body must be {\"replicas\": N} with N an integer");
        }
        catch (JsonException ex)
        {
            throw InferenceException.InvalidArgument($"the body is not valid JSON: {ex.Message}");
        }

        var deployment = await grains.GetGrain<IModelGrain>(model).Scale(replicas);
        return Results.Json(deployment.Versions.Select(v => new { version = v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), status = v.Status.ToString().ToLowerInvariant(), replicas = v.Config.Replicas }));
    }
}
