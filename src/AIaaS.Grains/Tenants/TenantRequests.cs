using AIaaS.Requests;

namespace AIaaS.Grains.Tenants;

/// <summary>Stamps a request with the tenant it was authenticated as.</summary>
internal static class TenantRequests
{
    /// <summary>
    /// A copy of <paramref name="request"/> metered to <paramref name="policy"/>'s tenant, whatever
    /// tenant the caller wrote in it, at the tenant's priority when the request names none.
    /// </summary>
    public static InferenceRequest For(this InferenceRequest request, TenantPolicy policy) =>
        request.Tenant == policy.Tenant && (request.Priority != 0 || policy.Definition.Priority == 0)
            ? request
            : new InferenceRequest
            {
                Id = request.Id,
                Inputs = request.Inputs,
                Outputs = request.Outputs,
                Priority = request.Priority != 0 ? request.Priority : policy.Definition.Priority,
                TimeoutMicroseconds = request.TimeoutMicroseconds,
                Tenant = policy.Tenant,
            };
}
