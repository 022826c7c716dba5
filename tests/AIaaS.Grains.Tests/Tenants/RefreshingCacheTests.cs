using AIaaS.Grains.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AIaaS.Grains.Tests.Tenants;

/// <summary>
/// The key and tenant cache's rules on a fake clock, with a loader that answers or fails (what a
/// grain on a killed silo does until the cluster moves it). The loader answers synchronously, so
/// a background refresh is done by the time the request that started it returns.
/// </summary>
public sealed class RefreshingCacheTests
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StaleIfErrorFor = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly Loader _loader = new();
    private readonly RefreshingCache<string> _cache;

    public RefreshingCacheTests() =>
        _cache = new RefreshingCache<string>(_loader.LoadAsync, FreshFor, StaleIfErrorFor, maxCachedMisses: 2, _time, NullLogger.Instance);

    [Fact]
    public async Task Get_Fresh_CallsNoLoader_StaleButYoung_AnswersAndRefreshesOnceInTheBackground()
    {
        _loader.Value = "v1";
        Assert.Equal("v1", await _cache.GetAsync("k"));
        _loader.Value = "v2";
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("v1", await _cache.GetAsync("k"));
        Assert.Equal(1, _loader.Calls);

        // The loader answers at once, so the background refresh is done when the stale answer returns.
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal("v1", await _cache.GetAsync("k"));
        Assert.Equal("v2", await _cache.GetAsync("k"));
        Assert.Equal(2, _loader.Calls);
    }

    [Fact]
    public async Task Get_LoaderFailsAfterTheEntryAgedOut_AnswersTheLastValueUntilStaleIfErrorForPasses_ThenFails()
    {
        _loader.Value = "v1";
        Assert.Equal("v1", await _cache.GetAsync("k"));
        _loader.Failing = true;

        // Past twice the fresh period a request loads for itself; the load fails and the last value answers.
        _time.Advance(FreshFor * 2 + TimeSpan.FromSeconds(1));
        Assert.Equal("v1", await _cache.GetAsync("k"));
        for (var second = 0; second < 25; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("v1", await _cache.GetAsync("k"));
        }

        _time.Advance(StaleIfErrorFor);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _cache.GetAsync("k"));
    }

    [Fact]
    public async Task Get_LoaderRecoversWhileAStaleValueIsServed_NextRequestsGetTheNewValue()
    {
        _loader.Value = "v1";
        await _cache.GetAsync("k");
        _loader.Failing = true;
        _time.Advance(FreshFor * 3);
        Assert.Equal("v1", await _cache.GetAsync("k"));

        _loader.Failing = false;
        _loader.Value = "revoked";
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("v1", await _cache.GetAsync("k"));
        Assert.Equal("revoked", await _cache.GetAsync("k"));
    }

    [Fact]
    public async Task Get_NeverLoadedAndLoaderFails_Throws()
    {
        _loader.Failing = true;
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _cache.GetAsync("k"));
    }

    [Fact]
    public async Task Get_UnknownKeys_CachedOnlyUpToTheBound()
    {
        _loader.Value = null;
        foreach (var key in new[] { "a", "b", "c", "a", "b", "c" })
        {
            Assert.Null(await _cache.GetAsync(key));
        }

        // a and b are remembered; c, past the bound, is asked each time.
        Assert.Equal(4, _loader.Calls);
    }

    private sealed class Loader
    {
        public string? Value { get; set; }

        public bool Failing { get; set; }

        public int Calls { get; private set; }

        public Task<string?> LoadAsync(string key)
        {
            Calls++;
            return Failing ? Task.FromException<string?>(new InvalidOperationException("silo unreachable")) : Task.FromResult(Value);
        }
    }
}
