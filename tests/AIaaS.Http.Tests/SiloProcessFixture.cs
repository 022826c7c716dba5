using AIaaS.Testing;

namespace AIaaS.Http.Tests;

/// <summary>One silo process over the real models, shared by a test class.</summary>
public sealed class SiloProcessFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new("process");
    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo process has not started");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        RepositoryPaths.RealModel("silero-vad");
        _silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataDirectory = _data.Path, ClusterId = $"http-{Guid.NewGuid():N}" });
        Client = new HttpClient { BaseAddress = _silo.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
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
