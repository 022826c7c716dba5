using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using AIaaS.Tenants;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Tenants;

/// <summary>
/// Two front silo processes (role all) clustered through a real redis-server, keys required:
/// a key revoked through one front stops working on the other within 5 s, and a tenant's rate
/// quota holds over both fronts together within 20%.
/// </summary>
public sealed class TenantClusterTests : IAsyncLifetime
{
    private const string AdminKey = "aiaas_cluster-admin-key-0123456789abcdefghijklm";
    private readonly TemporaryDirectory _data = new("aiaas-e2e-tenant-cluster");
    private readonly RedisServerFixture _redis = new();
    private readonly string _clusterId = "tenants-" + Guid.NewGuid().ToString("N")[..8];
    private SiloProcess? _a;
    private SiloProcess? _b;

    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        _a = await SiloProcess.StartAsync(Options("a"));
        _b = await SiloProcess.StartAsync(Options("b"));
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in new[] { _b, _a })
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }

        await _redis.DisposeAsync();
        _data.Dispose();
    }

    [Fact(Timeout = 180_000)]
    public async Task RevokedKey_OnOneFront_StopsWorkingOnTheOtherWithinFiveSeconds()
    {
        using var adminA = new TenantHttp(_a!, AdminKey);
        var key = await adminA.CreateTenantWithKeyAsync(new { id = "roaming", models = new[] { "*" } }, "roaming");
        using var onA = new TenantHttp(_a!, key);
        using var onB = new TenantHttp(_b!, key);
        (await onA.SendAsync(HttpMethod.Get, "v2/models/ppocr-det")).Require(HttpStatusCode.OK);
        // B resolves (and caches) the key before it is revoked elsewhere.
        (await onB.SendAsync(HttpMethod.Get, "v2/models/ppocr-det")).Require(HttpStatusCode.OK);
        var keyId = (await adminA.SendAsync(HttpMethod.Get, "admin/tenants/roaming/keys")).Json.GetProperty("keys")[0].GetProperty("id").GetString();

        (await adminA.SendAsync(HttpMethod.Delete, $"admin/tenants/roaming/keys/{keyId}")).Require(HttpStatusCode.NoContent);
        var clock = Stopwatch.StartNew();
        await Eventually.StatusAsync(() => onB.SendAsync(HttpMethod.Get, "v2/models/ppocr-det"), HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"front B honoured the revocation after {clock.Elapsed}");
    }

    [Fact(Timeout = 180_000)]
    public async Task RateQuota_OverTwoFronts_HoldsClusterWideWithinTwentyPercent()
    {
        const double Rate = 10;
        using var admin = new TenantHttp(_a!, AdminKey);
        var key = await admin.CreateTenantWithKeyAsync(
            new { id = "metered", models = new[] { "ppocr-*" }, quotas = new { requests_per_second = Rate, burst = 5 } }, "metered");
        using var onA = new TenantHttp(_a!, key);
        using var onB = new TenantHttp(_b!, key);

        // Four callers per front, each backing off 20 ms after a 429 as a polite client would.
        var admitted = new ConcurrentQueue<TimeSpan>();
        var clock = Stopwatch.StartNew();
        var run = TimeSpan.FromSeconds(8);
        var callers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var front = i % 2 == 0 ? onA : onB;
            while (clock.Elapsed < run)
            {
                var answer = await front.InferAsync("ppocr-det", TestTensors.PpocrDetInput());
                if (answer.Status == HttpStatusCode.OK)
                {
                    admitted.Enqueue(clock.Elapsed);
                }
                else
                {
                    Assert.True(answer.Status == HttpStatusCode.TooManyRequests, $"{(int)answer.Status}: {answer.Text}");
                    await Task.Delay(20);
                }
            }
        })).ToList();
        await Task.WhenAll(callers);

        // The steady state, after the burst and the first leases: the last 5 s.
        var window = admitted.Count(t => t >= TimeSpan.FromSeconds(3) && t < run) / 5.0;
        Assert.True(window >= Rate * 0.8 && window <= Rate * 1.2,
            $"{window:F1} requests/s admitted over both fronts for a quota of {Rate}/s ({admitted.Count} in {run.TotalSeconds} s)");
    }

    private SiloProcessOptions Options(string name) => new()
    {
        DataDirectory = Path.Combine(_data.Path, name),
        Redis = _redis.ConnectionString,
        ClusterId = _clusterId,
        ExtraArguments = ["--AIaaS:Auth:Required=true", $"--AIaaS:Auth:AdminKey=sha256:{ApiKeys.Hash(AdminKey)}"],
    };
}
