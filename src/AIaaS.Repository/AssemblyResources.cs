using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace AIaaS.Repository;

/// <summary>
/// Reads a .NET assembly's embedded resources from its file with System.Reflection.Metadata, never
/// loading the assembly: the resource's bytes are found from the CLI header's resources directory
/// and the manifest resource's offset (each resource is a 4-byte little-endian length, then the bytes).
/// </summary>
internal static class AssemblyResources
{
    /// <summary>
    /// Copies the embedded resource <paramref name="resourceName"/> of <paramref name="assemblyPath"/>
    /// to <paramref name="destination"/> (created new) and returns its SHA-256. Messages call the
    /// assembly <paramref name="displayName"/> (its name in the package; the file may be a scratch copy).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a .NET assembly, has no such embedded resource, or the resource runs past its directory.</exception>
    public static async Task<string> ExtractAsync(string assemblyPath, string displayName, string resourceName, string destination, CancellationToken cancellationToken)
    {
        var (start, length) = Locate(assemblyPath, displayName, resourceName);
        var input = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (input.ConfigureAwait(false))
        {
            input.Position = start;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[1 << 16];
                var remaining = length;
                while (remaining > 0)
                {
                    var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new InvalidDataException($"embedded resource '{resourceName}' runs past the end of the file");
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    remaining -= read;
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    /// <summary>The file offset and length of the resource's bytes (after its length prefix).</summary>
    private static (long Start, long Length) Locate(string assemblyPath, string displayName, string resourceName)
    {
        using var file = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            // Headers and metadata only: the resources (90 MB for MiniLM) are streamed from the file later.
            using var pe = new PEReader(file, PEStreamOptions.LeaveOpen);
            if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } cor)
            {
                throw new InvalidDataException($"{displayName} is not a .NET assembly");
            }

            var metadata = pe.GetMetadataReader();
            var names = new List<string>();
            foreach (var handle in metadata.ManifestResources)
            {
                var resource = metadata.GetManifestResource(handle);
                var name = metadata.GetString(resource.Name);
                names.Add(name);
                if (!string.Equals(name, resourceName, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!resource.Implementation.IsNil)
                {
                    throw new InvalidDataException($"resource '{resourceName}' of {displayName} lives in another file, not embedded");
                }

                var directory = cor.ResourcesDirectory;
                if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var directoryStart) || resource.Offset + 4 > directory.Size)
                {
                    throw new InvalidDataException($"resource '{resourceName}' of {displayName} is outside the resources directory");
                }

                Span<byte> prefix = stackalloc byte[4];
                file.Position = directoryStart + resource.Offset;
                file.ReadExactly(prefix);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
                if (resource.Offset + 4 + length > directory.Size)
                {
                    throw new InvalidDataException($"resource '{resourceName}' of {displayName} claims {length} bytes, more than its directory holds");
                }

                return (directoryStart + resource.Offset + 4, length);
            }

            throw new InvalidDataException(
                $"{displayName} has no embedded resource '{resourceName}' (it has: {(names.Count == 0 ? "none" : string.Join(", ", names))})");
        }
        catch (BadImageFormatException ex)
        {
            throw new InvalidDataException($"{displayName} is not a valid .NET assembly: {ex.Message}", ex);
        }
    }
}
