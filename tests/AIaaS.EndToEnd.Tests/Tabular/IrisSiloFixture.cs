using AIaaS.Examples.IrisForest;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Tabular;

/// <summary>
/// A silo process over a repository holding only the Iris forest, trained here with ML.NET and
/// written as the example writes it.
/// </summary>
public sealed class IrisSiloFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _repository = new("aiaas-e2e-iris");
    private readonly TemporaryDirectory _data = new("aiaas-e2e-iris-data");
    private SiloProcess? _silo;
    private IrisForestModel? _forest;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo has not started");

    public IrisForestModel Forest => _forest ?? throw new InvalidOperationException("the forest has not been trained");

    public IReadOnlyList<IrisRow> Rows { get; } = IrisDataSet.Load();

    public async Task InitializeAsync()
    {
        _forest = IrisForestTrainer.Train(Rows);
        IrisForestTrainer.WriteToRepository(_forest, _repository.Path);
        _silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataDirectory = _data.Path, ModelRepository = _repository.Path });
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _data.Dispose();
        _repository.Dispose();
    }
}
