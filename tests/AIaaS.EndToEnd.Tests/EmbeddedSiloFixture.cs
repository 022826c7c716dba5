using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// One embedded-mode silo process (localhost clustering, file grain storage in its own temp data
/// directory, the real models), shared by the classes of <see cref="EmbeddedSiloCollection"/>.
/// Tests on it only read and infer; tests that unload or restart start their own silos.
/// </summary>
public sealed class EmbeddedSiloFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new("aiaas-e2e-embedded");
    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo has not started");

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataDirectory = _data.Path });
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }
}
