using System.Globalization;
using AIaaS.Inference.Onnx;

namespace AIaaS.Testing;

/// <summary>
/// A model repository in Triton's layout, in a temporary directory, of tiny models built in code:
/// exact, fast answers for tests about the server rather than the models. Each test project
/// derives the set of models its fixtures serve.
/// </summary>
public class TinyModelRepository : IDisposable
{
    private readonly TemporaryDirectory _directory = new("models");

    public string Root => _directory.Path;

    /// <summary>Writes <c>{name}/config.json</c> and <c>{name}/{version}/model.onnx</c>.</summary>
    public void Add(string name, string config, byte[] model, int version = 1)
    {
        var versionDirectory = Path.Combine(Root, name, version.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(versionDirectory);
        File.WriteAllText(Path.Combine(Root, name, "config.json"), config);
        File.WriteAllBytes(Path.Combine(versionDirectory, "model.onnx"), model);
    }

    /// <summary>A model with <c>max_batch_size</c> 8 and no other settings.</summary>
    public void Add(string name, OnnxModelBuilder model) =>
        Add(name, $$"""{"name": "{{name}}", "max_batch_size": 8}""", model.Build());

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _directory.Dispose();
        }
    }
}
