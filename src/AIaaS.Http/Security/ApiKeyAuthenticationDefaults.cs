namespace AIaaS.Http.Security;

/// <summary>Names of the API-key scheme, its policies and the claims it issues.</summary>
internal static class ApiKeyAuthenticationDefaults
{
    public const string Scheme = "ApiKey";

    /// <summary>Any authenticated caller (a key, or the <c>default</c> tenant when keys are not required).</summary>
    public const string TenantPolicy = "aiaas.tenant";

    /// <summary>A caller with admin rights.</summary>
    public const string AdminPolicy = "aiaas.admin";

    public const string TenantClaim = "aiaas.tenant";

    public const string AdminRole = "admin";

    /// <summary>The header OpenAI- and Azure-style clients send their key in.</summary>
    public const string ApiKeyHeader = "api-key";
}
