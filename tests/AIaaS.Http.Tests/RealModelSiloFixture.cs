using System.Collections.Concurrent;
using AIaaS.Inference.Execution;
using AIaaS.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AIaaS.Http.Tests;

/// <summary>
/// One real silo serving the repository's real models (ppocr-cls, ppocr-det, ppocr-rec,
/// silero-vad) with its own data directory, and in-process ONNX Runtime sessions of the same
/// files to compare the server's answers with.
/// </summary>
public sealed class RealModelSiloFixture : IAsyncLifetime
{
    public static readonly string[] ModelNames = ["ppocr-cls", "ppocr-det", "ppocr-rec", "silero-vad"];

    private readonly TemporaryDirectory _data = new("data");
    // Exactly these models, whatever else models/ holds (the catalog's pipelines): tests list them.
    private readonly TemporaryDirectory _repository = new("repository");
    private readonly ConcurrentDictionary<string, Lazy<OnnxModel>> _references = new(StringComparer.Ordinal);
    private SiloHost? _host;

    public SiloHost Host => _host ?? throw new InvalidOperationException("the silo has not started");

    public HttpClient Client => Host.Client;

    /// <summary>An in-process ONNX Runtime session of version 1 of a real model, created as the replica creates its own.</summary>
    internal OnnxModel Reference(string model) => _references.GetOrAdd(model, name => new Lazy<OnnxModel>(() =>
        OnnxModel.Load(Path.Combine(RepositoryPaths.RealModel(name), "1", "model.onnx"), new OnnxModelOptions(), NullLogger.Instance))).Value;

    public async Task InitializeAsync()
    {
        // Fails with the command to run when the models have not been pulled.
        RealModelCopies.CopyTo(_repository.Path, ModelNames);
        _host = await SiloHost.StartAsync(_repository.Path, _data.Path);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            foreach (var reference in _references.Values.Where(r => r.IsValueCreated))
            {
                reference.Value.Dispose();
            }

            _data.Dispose();
            _repository.Dispose();
        }
    }
}
