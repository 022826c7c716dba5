using AIaaS.Http.Protocol;
using AIaaS.Models;
using AIaaS.Rollouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AIaaS.Http.Rollouts;

/// <summary>
/// The rollout extension: <c>POST /v2/models/{m}/rollout</c> starts one (202 with the rollout),
/// <c>GET</c> shows it (404 when the model never had one), and <c>.../promote</c>,
/// <c>.../pause</c>, <c>.../resume</c>, <c>.../abort</c> act at once. A rollout that cannot act
/// (one already running, one that ended, an incompatible candidate) answers 409.
/// </summary>
internal static class RolloutEndpoints
{
    /// <returns>The group, so that an authorization policy can be attached to every rollout endpoint at once.</returns>
    public static RouteGroupBuilder MapRollout(RouteGroupBuilder v2)
    {
        var rollout = v2.MapGroup("/models/{model}/rollout");
        rollout.MapPost("", StartAsync);
        rollout.MapGet("", GetAsync);
        rollout.MapPost("/promote", (string model, IGrainFactory grains) => ActAsync(grains, model, g => g.PromoteRollout()));
        rollout.MapPost("/pause", (string model, IGrainFactory grains) => ActAsync(grains, model, g => g.PauseRollout()));
        rollout.MapPost("/resume", (string model, IGrainFactory grains) => ActAsync(grains, model, g => g.ResumeRollout()));
        rollout.MapPost("/abort", (string model, IGrainFactory grains) => ActAsync(grains, model, g => g.AbortRollout()));
        return rollout;
    }

    private static async Task<IResult> StartAsync(string model, HttpRequest request, IGrainFactory grains)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var plan = RolloutRequestReader.Read(body.GetBuffer().AsSpan(0, (int)body.Length));
        try
        {
            var status = await grains.GetGrain<IModelGrain>(model).StartRollout(plan);
            return Results.Json(RolloutResponse.From(status), statusCode: StatusCodes.Status202Accepted);
        }
        catch (RolloutConflictException ex)
        {
            return ErrorResponses.Error(StatusCodes.Status409Conflict, ex.Message);
        }
    }

    private static async Task<IResult> GetAsync(string model, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IModelGrain>(model).GetRollout();
        return status is null
            ? ErrorResponses.Error(StatusCodes.Status404NotFound, $"model '{model}' has no rollout")
            : Results.Json(RolloutResponse.From(status));
    }

    private static async Task<IResult> ActAsync(IGrainFactory grains, string model, Func<IModelGrain, Task<RolloutStatus>> act)
    {
        try
        {
            return Results.Json(RolloutResponse.From(await act(grains.GetGrain<IModelGrain>(model))));
        }
        catch (RolloutConflictException ex)
        {
            return ErrorResponses.Error(StatusCodes.Status409Conflict, ex.Message);
        }
    }
}
