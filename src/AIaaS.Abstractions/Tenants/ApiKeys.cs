using System.Security.Cryptography;
using System.Text;

namespace AIaaS.Tenants;

/// <summary>
/// The key format and its hash, shared by the silos and the SDK: a key is <c>aiaas_</c> and 43
/// base64url characters (256 random bits); it is stored and looked up only as the lower-case hex
/// of its SHA-256, which is also the key of its <see cref="IApiKeyGrain"/>.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "aiaas_";

    /// <summary>The <c>RequestContext</c> entry in which the SDK sends its key with every call.</summary>
    public const string RequestContextKey = "aiaas.api-key";

    /// <summary>Characters of a key kept to tell keys apart in listings (the prefix and 4 random characters).</summary>
    public const int ShownLength = 10;

    /// <summary>Longest key accepted; anything longer is rejected before it is hashed.</summary>
    public const int MaxLength = 256;

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Prefix + Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares two hashes in time independent of where they differ.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>What a listing, log or error may show of a key.</summary>
    public static string Shown(string key) => key.Length <= ShownLength ? key : key[..ShownLength];
}
