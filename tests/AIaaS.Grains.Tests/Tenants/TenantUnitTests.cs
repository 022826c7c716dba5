using AIaaS.Grains.Tenants;
using AIaaS.Grains.Tests.Batching;
using AIaaS.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace AIaaS.Grains.Tests.Tenants;

/// <summary>Entitlement patterns, usage buffering and the split of a tenant's rate between fronts, exactly.</summary>
public sealed class TenantUnitTests
{
    [Theory]
    [InlineData("*", "ppocr-cls", true)]
    [InlineData("ppocr-*", "ppocr-cls", true)]
    [InlineData("ppocr-*", "ppocr-", true)]
    [InlineData("ppocr-*", "silero-vad", false)]
    [InlineData("*-vad", "silero-vad", true)]
    [InlineData("p*-c*s", "ppocr-cls", true)]
    [InlineData("p*-c*s", "ppocr-rec", false)]
    [InlineData("ppocr-cls", "ppocr-cls", true)]
    [InlineData("ppocr-cls", "ppocr-cls2", false)]
    [InlineData("", "ppocr-cls", false)]
    public void Matches_Pattern_AsGlob(string pattern, string model, bool expected) =>
        Assert.Equal(expected, ModelPattern.Matches(pattern, model));

    [Fact]
    public void Drain_RecordsOfTwoHours_SumsPerTenantModelVersionAndHour()
    {
        using var meters = new TestMeterFactory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 16, 59, 0, TimeSpan.Zero));
        var meter = new UsageMeter(new TenantInstruments(meters), time);
        meter.RecordRequest("acme", "m", "1", null, items: 4, inputBytes: 100, outputBytes: 10);
        meter.RecordRequest("acme", "m", "1", "invalid_argument", items: 0, inputBytes: 7, outputBytes: 0);
        meter.RecordCompute("acme", "m", "1", 0.25);
        meter.RecordRequest("", "m", "1", null, items: 1, inputBytes: 1, outputBytes: 1);
        time.Advance(TimeSpan.FromMinutes(2));
        meter.RecordRequest("acme", "m", "1", null, items: 2, inputBytes: 50, outputBytes: 5);

        var records = meter.Drain().OrderBy(r => r.Tenant).ThenBy(r => r.Hour).ToList();

        Assert.Equal(3, records.Count);
        var first = records[0];
        Assert.Equal(("acme", new DateTime(2026, 12, 4, 16, 0, 0, DateTimeKind.Utc)), (first.Tenant, first.Hour));
        Assert.Equal((1L, 1L, 4L, 0.25, 107L, 10L), (first.Requests, first.Failed, first.Items, first.ComputeSeconds, first.InputBytes, first.OutputBytes));
        Assert.Equal(1, first.FailedByKind["invalid_argument"]);
        Assert.Equal((2L, 17), (records[1].Items, records[1].Hour.Hour));
        Assert.Equal(TenantIds.Default, records[2].Tenant);
        Assert.Empty(meter.Drain());
    }

    [Fact(Timeout = 30_000)]
    public async Task Drain_WhileEightThreadsRecord_LosesAndDoublesNothing()
    {
        using var meters = new TestMeterFactory();
        var meter = new UsageMeter(new TenantInstruments(meters), TimeProvider.System);
        long drained = 0;
        using var done = new CancellationTokenSource();
        var drainer = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                drained += meter.Drain().Sum(r => r.Requests);
                await Task.Yield();
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                meter.RecordRequest($"t{t % 2}", "m", "1", null, 1, 0, 0);
            }
        })));
        await done.CancelAsync();
        await drainer;
        drained += meter.Drain().Sum(r => r.Requests);

        Assert.Equal(8 * 20_000, drained);
    }

    [Fact]
    public void Share_TwoFrontsOfEqualDemand_SplitTheRateAndSumToIt()
    {
        var time = new FakeTimeProvider();
        var shares = new RateShareCalculator(time);
        var quotas = new TenantQuotas { RequestsPerSecond = 10, Burst = 6 };

        shares.Share(quotas, "a", demand: 30, computeToday: 0, revision: 1);
        var b = shares.Share(quotas, "b", demand: 30, computeToday: 0, revision: 1);
        var a = shares.Share(quotas, "a", demand: 30, computeToday: 0, revision: 1);

        Assert.Equal(5, a.RequestsPerSecond);
        Assert.Equal(5, b.RequestsPerSecond);
        Assert.Equal(3, a.Burst);
    }

    [Fact]
    public void Share_FrontsOfUnequalDemand_SplitInProportion_AndAFrontThatStopsDropsOut()
    {
        var time = new FakeTimeProvider();
        var shares = new RateShareCalculator(time);
        var quotas = new TenantQuotas { RequestsPerSecond = 12 };

        shares.Share(quotas, "b", demand: 10, computeToday: 0, revision: 1);
        var a = shares.Share(quotas, "a", demand: 20, computeToday: 0, revision: 1);
        Assert.Equal(8, a.RequestsPerSecond);

        time.Advance(RateShareCalculator.Window + TimeSpan.FromSeconds(1));
        var alone = shares.Share(quotas, "a", demand: 20, computeToday: 4.5, revision: 2);
        Assert.Equal(12, alone.RequestsPerSecond);
        Assert.Equal(4.5, alone.ComputeSecondsToday);
    }

    [Fact]
    public void Share_NoRateQuota_LeavesTheRateOpen()
    {
        var share = new RateShareCalculator(new FakeTimeProvider()).Share(TenantQuotas.Unlimited, "a", 5, 1, 3);
        Assert.Null(share.RequestsPerSecond);
        Assert.Equal(3, share.Revision);
    }
}
