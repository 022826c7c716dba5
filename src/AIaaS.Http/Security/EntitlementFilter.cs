using Microsoft.AspNetCore.Http;

namespace AIaaS.Http.Security;

/// <summary>403 naming the model on every route with a <c>{model}</c> the tenant is not entitled to.</summary>
internal sealed class EntitlementFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.RouteValues["model"] is string model)
        {
            TenantContext.RequireEntitled(TenantContext.Get(context.HttpContext), model);
        }

        return next(context);
    }
}
