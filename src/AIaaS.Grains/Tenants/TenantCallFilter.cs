using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Requests;
using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Holds SDK clients (external Orleans clients, which reach the cluster through a gateway) to the
/// same rules as HTTP callers, inside the cluster where a client cannot skip them: the key the
/// SDK sends in the <c>RequestContext</c> names the tenant; an inference call is checked against
/// the tenant's entitlements and quotas on the replica's silo and stamped with the tenant (whatever
/// the client wrote), which meters it and gives it its own sub-queue in the replica's batch queue.
/// Without admin rights a client may only run inference and read model records.
/// Calls from grains and from silos' own hosted clients (the HTTP front, which has already
/// authenticated its caller) pass untouched.
/// </summary>
internal sealed class TenantCallFilter(TenantDirectoryCache directory, TenantAdmission admission) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        // System targets (membership, the client's gateway handshake, directory) are Orleans' own
        // protocol, not grain calls a tenant makes; they must not wait on a tenant lookup.
        if (!IsExternalClient(context.SourceId) || GrainTypePrefix.IsSystemTarget(context.TargetId))
        {
            await context.Invoke();
            return;
        }

        var key = RequestContext.Get(ApiKeys.RequestContextKey) as string;
        var policy = await AuthenticateAsync(key);
        if (context.InterfaceMethod.DeclaringType == typeof(IModelReplicaGrain) && context.MethodName == nameof(IModelReplicaGrain.Infer))
        {
            await InferAsync(context, policy);
            return;
        }

        if (context.InterfaceMethod.DeclaringType == typeof(IApiKeyGrain) && context.MethodName == nameof(IApiKeyGrain.Resolve)
            && key is not null && ApiKeys.HashesEqual(ApiKeys.Hash(key), context.TargetId.Key.ToString()!))
        {
            // The SDK resolving its own key at connect: answered as the fronts answer it, bootstrap admin key included.
            context.Result = await directory.ResolveKeyAsync(key);
            return;
        }

        if (!policy.IsAdmin && !IsAllowedRead(context))
        {
            throw new InferenceException(InferenceErrorKind.PermissionDenied,
                $"tenant '{policy.Tenant}' may run inference and read models through the SDK; {context.InterfaceName}.{context.MethodName} needs admin rights");
        }

        await context.Invoke();
    }

    private async Task<TenantPolicy> AuthenticateAsync(string? key)
    {
        if (key is not null)
        {
            return await directory.AuthenticateAsync(key)
                ?? throw new InferenceException(InferenceErrorKind.Unauthenticated, "the API key (AIaaSClientOptions.ApiKey) is unknown or revoked");
        }

        return directory.Options.Required
            ? throw new InferenceException(InferenceErrorKind.Unauthenticated, "this cluster requires an API key: set AIaaSClientOptions.ApiKey")
            : await directory.AnonymousAsync();
    }

    private async Task InferAsync(IIncomingGrainCallContext context, TenantPolicy policy)
    {
        var (model, _, _) = ReplicaKey.Parse(context.TargetId.Key.ToString()!);
        if (!policy.IsEntitled(model))
        {
            throw new InferenceException(InferenceErrorKind.PermissionDenied, $"tenant '{policy.Tenant}' is not entitled to model '{model}'");
        }

        using var admitted = await admission.AdmitAsync(policy, model);
        if (admitted.Rejection is { } rejection)
        {
            throw new InferenceException(InferenceErrorKind.ResourceExhausted, rejection.Message);
        }

        var request = (InferenceRequest)context.Request.GetArgument(0)!;
        context.Request.SetArgument(0, request.For(policy));
        await context.Invoke();
    }

    /// <summary>What the SDK needs besides inference: routing tables and deployments.</summary>
    private static bool IsAllowedRead(IIncomingGrainCallContext context) =>
        context.InterfaceMethod.DeclaringType == typeof(IModelGrain)
        && context.MethodName is nameof(IModelGrain.GetDeployment) or nameof(IModelGrain.GetRoutingTable)
            or nameof(IModelGrain.GetVersion) or nameof(IModelGrain.Subscribe) or nameof(IModelGrain.Unsubscribe);

    /// <summary>
    /// An external client: a client id whose key is not the <c>hosted-{silo}</c> form Orleans gives
    /// each silo's own in-process client (Orleans' <c>HostedClient.CreateHostedClientGrainId</c>).
    /// </summary>
    private static bool IsExternalClient(GrainId? source) =>
        source is { } id && GrainTypePrefix.IsClient(id) && !id.Key.ToString()!.StartsWith("hosted-", StringComparison.Ordinal);
}
