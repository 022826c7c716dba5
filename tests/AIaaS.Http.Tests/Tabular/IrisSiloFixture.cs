using AIaaS.Examples.IrisForest;
using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Http.Tests.Tabular;

/// <summary>
/// A silo over a repository of its own: the Iris forest, trained here with ML.NET and written as
/// <c>dotnet run --project examples/IrisForest -- --repository DIR</c> writes it, and
/// <c>scale</c>, a model without feature names. Ready once <c>iris</c> is.
/// </summary>
public sealed class IrisSiloFixture : IAsyncLifetime
{
    public const string Model = IrisForestTrainer.ModelName;

    /// <summary>A tiny model whose config has no <c>tabular</c> block.</summary>
    public const string Untabular = "scale";

    private readonly TemporaryDirectory _repository = new("iris-repository");
    private readonly TemporaryDirectory _data = new("data");
    private SiloHost? _host;
    private IrisForestModel? _forest;

    public HttpClient Client => (_host ?? throw new InvalidOperationException("the silo has not started")).Client;

    /// <summary>The forest the silo serves, for ML.NET's own predictions.</summary>
    public IrisForestModel Forest => _forest ?? throw new InvalidOperationException("the forest has not been trained");

    public IReadOnlyList<IrisRow> Rows { get; } = IrisDataSet.Load();

    public async Task InitializeAsync()
    {
        _forest = IrisForestTrainer.Train(Rows);
        IrisForestTrainer.WriteToRepository(_forest, _repository.Path);
        var scale = Path.Combine(_repository.Path, Untabular);
        Directory.CreateDirectory(Path.Combine(scale, "1"));
        await File.WriteAllTextAsync(Path.Combine(scale, "config.json"), $$"""{"name": "{{Untabular}}", "max_batch_size": 8}""");
        await File.WriteAllBytesAsync(Path.Combine(scale, "1", "model.onnx"), TestOnnxModels.Scale(2f, 4).Build());

        _host = await SiloHost.StartAsync(_repository.Path, _data.Path);
        await _host.WaitUntilModelReadyAsync(Model);
    }

    public async Task DisposeAsync()
    {
        await SiloHost.DisposeAsync(_host, _data, _repository);
    }
}
