using AIaaS.Inference.Execution;
using AIaaS.Inference.Onnx;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Grains.Tests.Batching;

/// <summary>A tiny model built in code and loaded on ONNX Runtime's CPU provider; its directory is deleted with it.</summary>
internal sealed class LoadedTestModel : IDisposable
{
    private readonly string _directory;

    public LoadedTestModel(OnnxModelBuilder builder)
    {
        _directory = Directory.CreateTempSubdirectory("aiaas-batching-").FullName;
        Model = OnnxModel.Load(builder.WriteTo(_directory), new OnnxModelOptions { PreferCuda = false }, NullLogger.Instance);
    }

    public OnnxModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
