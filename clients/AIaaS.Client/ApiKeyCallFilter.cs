using AIaaS.Tenants;

namespace AIaaS.Client;

/// <summary>Sends the key with every call, where the silos' call filter reads it; the key never enters a request body or a log.</summary>
internal sealed class ApiKeyCallFilter(ApiKeyCredential credential) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(ApiKeys.RequestContextKey, credential.Key);
        return context.Invoke();
    }
}
