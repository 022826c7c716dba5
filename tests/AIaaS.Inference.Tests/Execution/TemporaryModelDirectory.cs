using AIaaS.Inference.Onnx;

namespace AIaaS.Inference.Tests.Execution;

/// <summary>A directory of built test models, deleted with the test class.</summary>
internal sealed class TemporaryModelDirectory : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "aiaas-tests", Guid.NewGuid().ToString("N"));
    private int count;

    public string Root => root;

    /// <summary>Writes the model into a fresh subdirectory and returns the file's path.</summary>
    public string Write(OnnxModelBuilder builder) =>
        builder.WriteTo(Path.Combine(root, Interlocked.Increment(ref count).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
