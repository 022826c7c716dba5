using AIaaS.Grains.Batching;

namespace AIaaS.Grains.Tests.Batching;

public sealed class TenantLoadTests
{
    private const int Heavy = 4;
    private const long Recent = 1_000;

    [Fact]
    public void Mixed_ATenantFloodsAlone_IsFalseThroughItsOwnRampUp()
    {
        var load = new TenantLoad(Heavy, Recent);

        for (var i = 0; i < 10; i++)
        {
            load.Arrived("flood", now: i);
            Assert.False(load.Mixed(now: i));
        }

        Assert.False(load.IsLight("flood"));
    }

    [Fact]
    public void Mixed_ALightTenantBesideAHeavyOne_IsTrueForTheWindowAfterItsLastRequest()
    {
        var load = new TenantLoad(Heavy, Recent);
        for (var i = 0; i < Heavy; i++)
        {
            load.Arrived("flood", now: 0);
        }

        load.Arrived("quiet", now: 100);
        Assert.True(load.Mixed(now: 100));
        load.Left("quiet");
        // Answered, nothing of it here: still present until the window passes.
        Assert.True(load.Mixed(now: 100 + Recent));
        Assert.False(load.Mixed(now: 101 + Recent));
        Assert.True(load.IsLight("quiet"));
    }

    [Fact]
    public void Mixed_TheHeavyTenantDrainsBelowABatch_IsFalse()
    {
        var load = new TenantLoad(Heavy, Recent);
        for (var i = 0; i < Heavy; i++)
        {
            load.Arrived("flood", now: 0);
        }

        load.Arrived("quiet", now: 10);
        load.Left("flood");

        Assert.False(load.Mixed(now: 10));
        Assert.Equal(Heavy - 1, load.Requests("flood"));
        load.Arrived("flood", now: 20);
        // Heavy again, beside the quiet tenant still present.
        Assert.True(load.Mixed(now: 20));
    }
}
