using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// A real redis-server and two silo processes (role all, one cluster id) clustered through it,
/// each with its own data directory (unused in Redis mode: state lives in Redis).
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new("aiaas-e2e-redis");
    private SiloProcess? _a;
    private SiloProcess? _b;

    public RedisServerFixture Redis { get; } = new();

    public string ClusterId { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    public SiloProcess SiloA => _a ?? throw new InvalidOperationException("silo A has not started");

    public SiloProcess SiloB => _b ?? throw new InvalidOperationException("silo B has not started");

    public SiloProcessOptions Options(string name) => new()
    {
        DataDirectory = Path.Combine(_data.Path, name),
        Redis = Redis.ConnectionString,
        ClusterId = ClusterId,
    };

    public async Task InitializeAsync()
    {
        await Redis.StartAsync();
        // One after the other: the second silo joins a cluster whose first member is active.
        _a = await SiloProcess.StartAsync(Options("a"));
        _b = await SiloProcess.StartAsync(Options("b"));
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in new[] { _b, _a })
        {
            if (silo is not null)
            {
                await silo.StopAsync();
                await silo.DisposeAsync();
            }
        }

        await Redis.DisposeAsync();
        _data.Dispose();
    }
}
