namespace AIaaS.Client;

/// <summary>The SDK's key and, once resolved at connect, its tenant.</summary>
internal sealed class ApiKeyCredential(string key)
{
    public string Key { get; } = key;

    public string? Tenant { get; set; }
}
