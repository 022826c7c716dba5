namespace AIaaS.Testing;

/// <summary><see cref="RedisServer"/> as an xunit fixture: started before the tests, stopped after.</summary>
public sealed class RedisServerFixture : RedisServer, IAsyncLifetime
{
    public Task InitializeAsync() => StartAsync();
}
