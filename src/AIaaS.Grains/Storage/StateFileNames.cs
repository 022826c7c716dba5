using System.Security.Cryptography;
using System.Text;

namespace AIaaS.Grains.Storage;

/// <summary>
/// Maps grain ids and state names to file names that are safe on every file system we run on.
/// </summary>
/// <remarks>
/// The mapping is injective, so two keys never share a file: bytes of the UTF-8 form outside
/// <c>[a-z0-9_.-]</c> (uppercase included, because macOS and Windows fold case) become
/// <c>%xx</c>, and <c>%</c> itself is escaped. A name too long for the 255-byte limit keeps a
/// readable prefix followed by <c>~</c> and the SHA-256 of the whole key; <c>~</c> never appears
/// in an escaped name, so a hashed name cannot equal an escaped one. The state file header
/// stores the grain id as well, which makes hashed names reversible by reading the file.
/// </remarks>
internal static class StateFileNames
{
    /// <summary>The extension of a committed state file.</summary>
    public const string StateExtension = ".state";

    /// <summary>The extension of a file being written; never read, removed at start.</summary>
    public const string TempExtension = ".tmp";

    // 160 + ".state" + "." + 32 hex digits + ".tmp" stays well under the 255-byte limit of
    // ext4, XFS, APFS and NTFS.
    internal const int MaxEscapedLength = 160;

    private const int HashedPrefixLength = MaxEscapedLength - 64 - 1;

    private const string HexDigits = "0123456789abcdef";

    // Windows opens a device instead of a file for these names, whatever the extension.
    private static readonly string[] ReservedNames =
    [
        "con", "prn", "aux", "nul",
        "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];

    /// <summary>Returns the file or directory name standing for <paramref name="key"/>.</summary>
    public static string Escape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            // A lone '%' is never produced by escaping, which always writes two hex digits.
            return "%";
        }

        var bytes = Encoding.UTF8.GetBytes(key);
        var escapeFirst = IsReserved(key);
        var builder = new StringBuilder(bytes.Length + 8);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (IsKept(b, first: i == 0, last: i == bytes.Length - 1) && !(i == 0 && escapeFirst))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }

        if (builder.Length <= MaxEscapedLength)
        {
            return builder.ToString();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return string.Concat(builder.ToString(0, HashedPrefixLength), "~", hash);
    }

    // A leading dot hides the file (and "." and ".." are not names); Windows drops a trailing one.
    private static bool IsKept(byte b, bool first, bool last) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_'
        || (b == (byte)'.' && !first && !last);

    private static bool IsReserved(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var stem = dot < 0 ? key : key[..dot];
        return Array.IndexOf(ReservedNames, stem) >= 0;
    }
}
