using AIaaS.Testing;

namespace AIaaS.Http.Tests;

/// <summary>One silo process over the real models, shared by a test class.</summary>
public sealed class SiloProcessFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new("process");
    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo process has not started");

    public async Task InitializeAsync()
    {
        RepositoryPaths.RealModel("silero-vad");
        _silo = await SiloProcess.StartAsync(RepositoryPaths.Models, _data.Path);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
        finally
        {
            _data.Dispose();
        }
    }
}
