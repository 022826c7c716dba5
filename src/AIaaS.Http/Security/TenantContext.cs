using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using Microsoft.AspNetCore.Http;

namespace AIaaS.Http.Security;

/// <summary>The authenticated tenant of a request, as the scheme handler left it.</summary>
internal static class TenantContext
{
    private const string ItemKey = "aiaas.tenant-policy";

    public static void Set(HttpContext context, TenantPolicy policy) => context.Items[ItemKey] = policy;

    public static TenantPolicy Get(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is TenantPolicy policy
            ? policy
            : throw new InferenceException(InferenceErrorKind.Unauthenticated, "the request is not authenticated");

    /// <summary>403 naming the model unless the tenant is entitled to it.</summary>
    public static void RequireEntitled(TenantPolicy policy, string model)
    {
        if (!policy.IsEntitled(model))
        {
            throw new InferenceException(InferenceErrorKind.PermissionDenied, $"tenant '{policy.Tenant}' is not entitled to model '{model}'");
        }
    }
}
