namespace AIaaS.Tenants;

/// <summary>Tenant ids with a meaning of their own.</summary>
public static class TenantIds
{
    /// <summary>Callers without a key when authentication is not required.</summary>
    public const string Default = "default";

    /// <summary>The bootstrap admin key's tenant (<c>AIaaS:Auth:AdminKey</c>).</summary>
    public const string Admin = "admin";

    /// <summary>Lower-case letters, digits, <c>-</c> and <c>_</c>, 1 to 64 characters, starting with a letter or digit.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 64 }
        && (char.IsAsciiLetterLower(id[0]) || char.IsAsciiDigit(id[0]))
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
