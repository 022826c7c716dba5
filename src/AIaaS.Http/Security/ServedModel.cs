namespace AIaaS.Http.Security;

/// <summary>
/// Endpoint metadata naming the model a route without a <c>{model}</c> serves (<c>/v1/ocr</c> is
/// the <c>ocr</c> pipeline), so the tenant's entitlement and quotas are held to it.
/// </summary>
internal sealed record ServedModel(string Name);
