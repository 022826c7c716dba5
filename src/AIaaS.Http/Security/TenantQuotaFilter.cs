using System.Globalization;
using AIaaS.Grains.Tenants;
using AIaaS.Http.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AIaaS.Http.Security;

/// <summary>
/// Holds an inference request to its tenant's entitlements and quotas before its body is read
/// (the model is the route's <c>{model}</c>, else the endpoint's <see cref="ServedModel"/>):
/// 403 naming the model, or 429 with <c>Retry-After</c> naming the quota. The concurrency slot is
/// held until the response is written.
/// </summary>
internal sealed class TenantQuotaFilter(TenantAdmission admission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var policy = TenantContext.Get(http);
        var model = http.Request.RouteValues["model"] as string ?? http.GetEndpoint()?.Metadata.GetMetadata<ServedModel>()?.Name ?? "";
        TenantContext.RequireEntitled(policy, model);
        using var admitted = await admission.AdmitAsync(policy, model);
        if (admitted.Rejection is { } rejection)
        {
            return Refused(http, rejection);
        }

        var result = await next(context);
        if (result is IResult written)
        {
            // Written while the slot is held, so max_concurrency bounds responses in flight too.
            await written.ExecuteAsync(http);
            return Results.Empty;
        }

        return result;
    }

    /// <summary>429 naming the quota, with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static IResult Refused(HttpContext http, QuotaRejection rejection)
    {
        http.Response.Headers[HeaderNames.RetryAfter] = Math.Max(1, (long)Math.Ceiling(rejection.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ErrorResponses.Error(StatusCodes.Status429TooManyRequests, rejection.Message);
    }
}
