using AIaaS.Tensors;

namespace AIaaS.Cli.TensorFiles;

/// <summary>Reads an input tensor from a file, by extension: <c>.npy</c> (NumPy) or <c>.json</c>.</summary>
internal static class TensorFile
{
    /// <exception cref="TensorFileException">The file is missing, of an unknown kind, or malformed.</exception>
    public static TensorPayload Read(string name, string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TensorFileException($"input '{name}': cannot read {path}: {ex.Message}");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".npy" => NpyReader.Read(name, bytes, path),
            ".json" => JsonTensorReader.Read(name, bytes, path),
            _ => throw new TensorFileException($"input '{name}': {path} is neither .npy nor .json"),
        };
    }
}
