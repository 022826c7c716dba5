using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Http.Tests;

/// <summary>
/// A model repository of tiny models built in code, in a temp directory: exact, fast answers
/// for tests about the server rather than the models.
/// </summary>
internal sealed class TinyModelRepository : IDisposable
{
    /// <summary><c>y = 2x</c> over FP32 <c>x [N,4]</c>.</summary>
    public const string Scale = "scale";

    /// <summary><c>y = x + 1</c> over FP32 <c>x [N,4]</c>.</summary>
    public const string AddOne = "add-one";

    private readonly TemporaryDirectory _directory = new("models");

    public TinyModelRepository()
    {
        Add(Scale, OnnxModelBuilder.Scale(2f, 4));
        Add(AddOne, OnnxModelBuilder.AddOne(4));
    }

    public string Path => _directory.Path;

    public void Dispose() => _directory.Dispose();

    private void Add(string name, OnnxModelBuilder model)
    {
        var directory = System.IO.Path.Combine(Path, name);
        model.WriteTo(System.IO.Path.Combine(directory, "1"));
        File.WriteAllText(System.IO.Path.Combine(directory, "config.json"), $$"""{"name": "{{name}}", "max_batch_size": 8}""");
    }
}
