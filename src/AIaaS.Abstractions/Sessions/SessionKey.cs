namespace AIaaS.Sessions;

/// <summary>
/// Builds and reads session grain keys, <c>{tenant}/{sessionId}</c>. The tenant comes first and
/// never contains '/', so one tenant's session ids can never name another tenant's session.
/// </summary>
public static class SessionKey
{
    /// <summary>The tenant of callers that carry none.</summary>
    public const string DefaultTenant = "default";

    /// <summary>The Orleans grain type of session grains, for listing the active ones.</summary>
    public const string GrainTypeName = "session";

    public static string Format(string? tenant, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return $"{TenantOrDefault(tenant)}/{sessionId}";
    }

    public static (string Tenant, string SessionId) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new FormatException($"session key '{key}' is not of the form tenant/sessionId") : (key[..slash], key[(slash + 1)..]);
    }

    public static string TenantOrDefault(string? tenant) => string.IsNullOrEmpty(tenant) ? DefaultTenant : tenant;
}
