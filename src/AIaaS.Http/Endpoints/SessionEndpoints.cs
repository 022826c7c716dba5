using AIaaS.Errors;
using AIaaS.Http.Protocol;
using AIaaS.Requests;
using AIaaS.Routing;
using AIaaS.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// Session steps arriving through Triton's sequence extension on <c>.../infer</c>, and the admin
/// view of sessions: <c>GET /admin/sessions</c>, <c>GET /admin/sessions/{tenant}/{id}</c>,
/// <c>DELETE /admin/sessions/{tenant}/{id}</c>.
/// </summary>
internal static class SessionEndpoints
{
    /// <summary>Runs one session step for the request's tenant; the response's outputs leave out the session's state.</summary>
    public static async Task<InferenceResponse> StepAsync(IServiceProvider services, string model, string? version, InferenceRequest request, SequenceParameters sequence, CancellationToken cancellationToken)
    {
        var caller = services.GetRequiredService<SessionStepCaller>();
        var result = await caller.StepAsync(request.Tenant, sequence.Id, new SessionStep
        {
            Model = model,
            Version = version,
            Start = sequence.Start,
            End = sequence.End,
            Number = sequence.Step,
            Request = request,
        }, cancellationToken);
        return result.Response;
    }

    public static void MapAdmin(RouteGroupBuilder admin)
    {
        admin.MapGet("/sessions", ListAsync);
        admin.MapGet("/sessions/{tenant}/{id}", ShowAsync);
        admin.MapDelete("/sessions/{tenant}/{id}", EndAsync);
    }

    /// <summary>
    /// The open sessions active in the cluster (optionally of one tenant or model), from Orleans'
    /// active grain list: a session whose silo died shows again once its next step resumes it.
    /// </summary>
    private static async Task<IResult> ListAsync(IGrainFactory grains, string? tenant, string? model)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var active = await management.GetActiveGrains(GrainType.Create(SessionKey.GrainTypeName));
        var keys = active.Select(id => id.Key.ToString()!)
            .Where(k => tenant is null || k.StartsWith(tenant + "/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var infos = await Task.WhenAll(keys.Select(k => grains.GetGrain<ISessionGrain>(k).GetInfo()));
        var sessions = infos.OfType<SessionInfo>()
            .Where(s => model is null || string.Equals(s.Model, model, StringComparison.Ordinal))
            .OrderBy(s => s.Tenant, StringComparer.Ordinal)
            .ThenBy(s => s.SessionId, StringComparer.Ordinal)
            .ToArray();
        return Results.Json(new { sessions });
    }

    private static async Task<IResult> ShowAsync(IGrainFactory grains, string tenant, string id)
    {
        var info = await grains.GetGrain<ISessionGrain>(SessionKey.Format(tenant, id)).GetInfo();
        return info is null ? throw NotOpen(tenant, id) : Results.Json(info);
    }

    private static async Task<IResult> EndAsync(IGrainFactory grains, string tenant, string id) =>
        await grains.GetGrain<ISessionGrain>(SessionKey.Format(tenant, id)).End()
            ? Results.Json(new { ended = true })
            : throw NotOpen(tenant, id);

    private static InferenceException NotOpen(string tenant, string id) =>
        InferenceException.NotFound($"session '{SessionKey.Format(tenant, id)}' is not open");
}
