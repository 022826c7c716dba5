using AIaaS.Grains.Controller;
using AIaaS.Models;

namespace AIaaS.Grains.Tests.Controller;

public sealed class AutoscalingPolicyTests
{
    private static readonly AutoscalingConfig Config = new() { MinReplicas = 1, MaxReplicas = 3, TargetPendingPerReplica = 2, ScaleUpAfter = 10, ScaleDownAfter = 60 };

    [Fact]
    public void Decide_LoadAboveTargetForScaleUpAfter_ScalesToWantedWithinMax()
    {
        var policy = new AutoscalingPolicy();

        var first = policy.Decide(Config, current: 1, pending: 16, Seconds(0));
        var early = policy.Decide(Config, current: 1, pending: 16, Seconds(9.9));
        var due = policy.Decide(Config, current: 1, pending: 16, Seconds(10));

        Assert.Null(first);
        Assert.Null(early);
        Assert.Equal((3, "16 requests in flight on average for 1 replicas, target 2 per replica, for 10 s"), due);
    }

    [Fact]
    public void Decide_LoadDipsBeforeScaleUpAfter_StartsOver()
    {
        var policy = new AutoscalingPolicy();

        policy.Decide(Config, current: 1, pending: 5, Seconds(0));
        policy.Decide(Config, current: 1, pending: 1, Seconds(5));
        var restarted = policy.Decide(Config, current: 1, pending: 5, Seconds(11));
        var due = policy.Decide(Config, current: 1, pending: 5, Seconds(21));

        Assert.Null(restarted);
        Assert.Equal(3, due?.Replicas);
    }

    [Fact]
    public void Decide_IdleForScaleDownAfter_ScalesDownToMin()
    {
        var policy = new AutoscalingPolicy();

        Assert.Null(policy.Decide(Config, current: 3, pending: 0, Seconds(0)));
        Assert.Null(policy.Decide(Config, current: 3, pending: 0, Seconds(59)));
        Assert.Equal(1, policy.Decide(Config, current: 3, pending: 0, Seconds(60))?.Replicas);
    }

    [Fact]
    public void Decide_LoadAtTarget_KeepsReplicas()
    {
        var policy = new AutoscalingPolicy();

        Assert.Null(policy.Decide(Config, current: 2, pending: 4, Seconds(0)));
        Assert.Null(policy.Decide(Config, current: 2, pending: 3.5, Seconds(100)));
    }

    [Fact]
    public void Decide_ReplicasOutsideBounds_BroughtInsideAtOnce()
    {
        var policy = new AutoscalingPolicy();

        Assert.Equal((3, "5 replicas is outside min_replicas 1 to max_replicas 3"), policy.Decide(Config, current: 5, pending: 100, Seconds(0)));
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
}
