using System.Diagnostics.CodeAnalysis;

namespace AIaaS.Repository;

/// <summary>A NuGet package identity as the catalog writes it, <c>Id@Version</c>.</summary>
internal sealed record NuGetPackageSpec(string Id, string Version)
{
    /// <summary>
    /// The package's address on a flat-container feed (NuGet's V3 <c>PackageBaseAddress</c>):
    /// <c>{feed}/{id}/{version}/{id}.{version}.nupkg</c>, id and version in lower case as the protocol requires.
    /// </summary>
    public Uri AddressOn(Uri feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var id = Id.ToLowerInvariant();
        var version = Version.ToLowerInvariant();
        var root = feed.AbsoluteUri.EndsWith('/') ? feed : new Uri(feed.AbsoluteUri + "/");
        return new Uri(root, $"{Uri.EscapeDataString(id)}/{Uri.EscapeDataString(version)}/{Uri.EscapeDataString(id)}.{Uri.EscapeDataString(version)}.nupkg");
    }

    public override string ToString() => $"{Id}@{Version}";

    /// <summary>Parses <c>Id@Version</c>; ids and versions hold letters, digits, '.', '-', '_' and '+' only.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NuGetPackageSpec? spec)
    {
        spec = null;
        var at = text?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (text is null || at <= 0 || at == text.Length - 1)
        {
            return false;
        }

        var id = text[..at];
        var version = text[(at + 1)..];
        if (!IsToken(id) || !IsToken(version))
        {
            return false;
        }

        spec = new NuGetPackageSpec(id, version);
        return true;
    }

    private static bool IsToken(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+');
}
