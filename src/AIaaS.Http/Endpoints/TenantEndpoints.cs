using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// The tenant and key admin API (admin rights): <c>POST/GET/PATCH/DELETE /admin/tenants[/{id}]</c>,
/// <c>POST/GET/DELETE /admin/tenants/{id}/keys[/{keyId}]</c>.
/// </summary>
internal static class TenantEndpoints
{
    public static void MapTenants(RouteGroupBuilder admin)
    {
        admin.MapPost("/tenants", CreateAsync);
        admin.MapGet("/tenants", ListAsync);
        admin.MapGet("/tenants/{id}", GetAsync);
        admin.MapPatch("/tenants/{id}", UpdateAsync);
        admin.MapDelete("/tenants/{id}", DeleteAsync);
        admin.MapPost("/tenants/{id}/keys", CreateKeyAsync);
        admin.MapGet("/tenants/{id}/keys", ListKeysAsync);
        admin.MapDelete("/tenants/{id}/keys/{keyId}", RevokeKeyAsync);
    }

    private static async Task<IResult> CreateAsync(TenantBody? body, IGrainFactory grains, TenantDirectoryCache cache)
    {
        if (body is null)
        {
            throw InferenceException.InvalidArgument("the body must be a JSON object with at least an 'id'");
        }

        var id = ValidId(body.Id);
        if (id == TenantIds.Admin)
        {
            throw InferenceException.InvalidArgument($"tenant id '{TenantIds.Admin}' is reserved for the bootstrap admin key");
        }

        var created = await grains.GetGrain<ITenantGrain>(id).Create(Apply(new TenantDefinition { Name = id }, body));
        cache.Invalidate(id);
        return Results.Json(Describe(created), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ITenantDirectoryGrain>(0).List();
        var tenants = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITenantGrain>(id).Get()));
        return Results.Json(new { tenants = tenants.OfType<TenantInfo>().Select(Describe).ToList() });
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        Results.Json(Describe(await ExistingAsync(grains, id)));

    private static async Task<IResult> UpdateAsync(string id, TenantBody? body, IGrainFactory grains, TenantDirectoryCache cache)
    {
        var current = await ExistingAsync(grains, id);
        if (body?.Id is { } renamed && renamed != id)
        {
            throw InferenceException.InvalidArgument("a tenant's id cannot change");
        }

        var updated = await grains.GetGrain<ITenantGrain>(id).Update(Apply(current.Definition, body ?? new TenantBody(null, null, null, null, null, null)));
        cache.Invalidate(id);
        return Results.Json(Describe(updated));
    }

    private static async Task<IResult> DeleteAsync(string id, IGrainFactory grains, TenantDirectoryCache cache)
    {
        if (!await grains.GetGrain<ITenantGrain>(ValidId(id)).Delete())
        {
            throw InferenceException.NotFound($"unknown tenant '{id}'");
        }

        cache.Invalidate(id);
        return Results.NoContent();
    }

    private static async Task<IResult> CreateKeyAsync(string id, IGrainFactory grains)
    {
        await ExistingAsync(grains, id);
        var key = await grains.GetGrain<ITenantGrain>(id).CreateKey();
        return Results.Json(new { id = key.Id, key = key.Key }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListKeysAsync(string id, IGrainFactory grains) =>
        Results.Json(new { keys = (await ExistingAsync(grains, id)).Keys.Select(DescribeKey).ToList() });

    private static async Task<IResult> RevokeKeyAsync(string id, string keyId, IGrainFactory grains)
    {
        ValidId(id);
        return await grains.GetGrain<ITenantGrain>(id).RevokeKey(keyId)
            ? Results.NoContent()
            : throw InferenceException.NotFound($"tenant '{id}' has no key '{keyId}'");
    }

    private static async Task<TenantInfo> ExistingAsync(IGrainFactory grains, string id) =>
        await grains.GetGrain<ITenantGrain>(ValidId(id)).Get() ?? throw InferenceException.NotFound($"unknown tenant '{id}'");

    private static string ValidId(string? id) =>
        TenantIds.IsValid(id)
            ? id!
            : throw InferenceException.InvalidArgument($"tenant id '{id}' is not valid: 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit");

    /// <summary>The definition with the body's fields applied, every error named at once.</summary>
    private static TenantDefinition Apply(TenantDefinition definition, TenantBody body)
    {
        var errors = new List<string>();
        if (body.Models is { } models && models.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 200))
        {
            errors.Add("'models' must hold model names or *-patterns");
        }

        var quotas = body.Quotas is { } q
            ? new TenantQuotas { RequestsPerSecond = q.RequestsPerSecond, Burst = q.Burst, MaxConcurrency = q.MaxConcurrency, ComputeSecondsPerDay = q.ComputeSecondsPerDay }
            : definition.Quotas;
        if (quotas.RequestsPerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            errors.Add("'quotas.requests_per_second' must be above 0");
        }

        if (quotas.Burst is < 1)
        {
            errors.Add("'quotas.burst' must be at least 1");
        }

        if (quotas.Burst is not null && quotas.RequestsPerSecond is null)
        {
            errors.Add("'quotas.burst' needs 'quotas.requests_per_second'");
        }

        if (quotas.MaxConcurrency is < 1)
        {
            errors.Add("'quotas.max_concurrency' must be at least 1");
        }

        if (quotas.ComputeSecondsPerDay is { } compute && !(compute > 0 && double.IsFinite(compute)))
        {
            errors.Add("'quotas.compute_seconds_per_day' must be above 0");
        }

        if (body.Priority is < 0)
        {
            errors.Add("'priority' must be 0 (the model's default) or a level from 1 (highest)");
        }

        if (errors.Count > 0)
        {
            throw InferenceException.InvalidArgument(string.Join("; ", errors));
        }

        return definition with
        {
            Name = body.Name ?? definition.Name,
            Models = body.Models ?? definition.Models,
            Quotas = quotas,
            Priority = body.Priority ?? definition.Priority,
            Admin = body.Admin ?? definition.Admin,
        };
    }

    private static TenantResponse Describe(TenantInfo tenant) => new(
        tenant.Id,
        tenant.Definition.Name,
        tenant.Definition.Models,
        new TenantQuotasBody(tenant.Definition.Quotas.RequestsPerSecond, tenant.Definition.Quotas.Burst, tenant.Definition.Quotas.MaxConcurrency, tenant.Definition.Quotas.ComputeSecondsPerDay),
        tenant.Definition.Priority,
        tenant.Definition.Admin,
        tenant.CreatedAt,
        tenant.Keys.Select(DescribeKey).ToList());

    private static TenantKeyResponse DescribeKey(ApiKeyInfo key) => new(key.Id, key.Prefix, key.CreatedAt, key.RevokedAt);
}
