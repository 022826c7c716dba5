using System.Net;
using AIaaS.Grains.Tenants;
using AIaaS.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AIaaS.Hosting.Security;

/// <summary>
/// Decides at start whether calls need a key, from <c>AIaaS:Auth</c> and the addresses the silo
/// binds (its HTTP URLs and, in Redis mode, its Orleans address), and finds the bootstrap admin key.
/// </summary>
internal static partial class AuthMode
{
    public const string AdminKeyFileName = "admin.key";

    public static TenantAuthOptions Resolve(AIaaSSiloOptions options, IReadOnlyList<string> httpUrls, ILogger logger)
    {
        var settings = options.Auth;
        var exposed = httpUrls.Select(HostOf).Append(options.IsRedisMode ? options.Address : "127.0.0.1").Where(h => !IsLoopback(h)).ToList();
        var loopbackOnly = exposed.Count == 0;
        var required = settings.Required ?? (!loopbackOnly && !settings.AllowAnonymous);
        if (!required && !loopbackOnly && !settings.AllowAnonymous)
        {
            throw new OptionsValidationException("AIaaS:Auth", typeof(AIaaSAuthSettings),
                [$"AIaaS:Auth:Required is false on a silo bound to {string.Join(", ", exposed)}: keyless callers from the network would use every model; set AIaaS:Auth:AllowAnonymous=true to allow that on purpose"]);
        }

        var adminHash = AdminKeyHash(settings.AdminKey);
        if (adminHash is null && required)
        {
            var file = Path.Combine(Path.GetFullPath(options.DataDirectory), AdminKeyFileName);
            adminHash = ApiKeys.Hash(ReadOrCreateKeyFile(file, out var created));
            LogAdminKeyFile(logger, file, created ? "generated" : "read");
        }

        LogMode(logger, required, loopbackOnly);
        return new TenantAuthOptions
        {
            Required = required,
            AnonymousIsAdmin = !required && loopbackOnly,
            AdminKeySha256 = adminHash,
            CacheFor = settings.CacheFor,
            StaleIfErrorFor = settings.StaleIfErrorFor,
            UsageFlushInterval = settings.UsageFlushInterval,
        };
    }

    /// <summary>The hash of the configured admin key: <c>sha256:&lt;hex&gt;</c> as given, a plain key hashed.</summary>
    internal static string? AdminKeyHash(string? adminKey)
    {
        if (string.IsNullOrWhiteSpace(adminKey))
        {
            return null;
        }

        if (adminKey.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            var hex = adminKey["sha256:".Length..].Trim().ToLowerInvariant();
            return hex.Length == 64 && hex.All(char.IsAsciiHexDigitLower)
                ? hex
                : throw new OptionsValidationException("AIaaS:Auth:AdminKey", typeof(AIaaSAuthSettings), ["AIaaS:Auth:AdminKey is 'sha256:...' but not 64 hex digits"]);
        }

        return ApiKeys.Hash(adminKey.Trim());
    }

    /// <summary>The key in <paramref name="file"/>, or a new one written there readable by the owner only (0600).</summary>
    private static string ReadOrCreateKeyFile(string file, out bool created)
    {
        if (File.Exists(file))
        {
            created = false;
            return File.ReadAllText(file).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var key = ApiKeys.Generate();
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(file, System.Text.Encoding.ASCII, fileOptions))
        {
            writer.Write(key);
        }

        created = true;
        return key;
    }

    private static string HostOf(string url)
    {
        var text = url.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var end = text.IndexOf('/');
        if (end >= 0)
        {
            text = text[..end];
        }

        if (text.StartsWith('['))
        {
            return text[1..text.IndexOf(']', StringComparison.Ordinal)];
        }

        var colon = text.LastIndexOf(':');
        return colon >= 0 ? text[..colon] : text;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bootstrap admin key was {Action} at {Path} (readable by its owner only); see docs/operations.md")]
    private static partial void LogAdminKeyFile(ILogger logger, string path, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys required: {Required} (every bound address loopback: {LoopbackOnly})")]
    private static partial void LogMode(ILogger logger, bool required, bool loopbackOnly);
}
