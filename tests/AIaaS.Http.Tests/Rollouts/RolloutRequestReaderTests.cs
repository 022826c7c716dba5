using System.Text;
using AIaaS.Errors;
using AIaaS.Http.Rollouts;
using AIaaS.Rollouts;

namespace AIaaS.Http.Tests.Rollouts;

public sealed class RolloutRequestReaderTests
{
    [Fact]
    public void Read_InterfaceExample_EveryField()
    {
        var plan = Read("""
            {"version": "2", "steps": [0, 5, 25, 50, 100], "interval_seconds": 30, "min_requests": 200,
             "slo": {"max_error_rate": 0.01, "max_p99_ms": 250, "max_p99_ratio": 1.5, "max_output_diff": 0.001}, "force": false}
            """);

        Assert.Equal(2, plan.Version);
        Assert.Equal([0, 5, 25, 50, 100], plan.Steps);
        Assert.Equal((30d, 200L, false, 100), (plan.IntervalSeconds, plan.MinRequests, plan.Force, plan.ShadowShare));
        Assert.Equal(new RolloutSlo { MaxErrorRate = 0.01, MaxP99Ms = 250, MaxP99Ratio = 1.5, MaxOutputDiff = 0.001 }, plan.Slo);
    }

    [Fact]
    public void Read_VersionOnly_DefaultsFilled()
    {
        var plan = Read("""{"version": 3}""");

        Assert.Equal(new RolloutPlan { Version = 3 }, plan with { Steps = RolloutPlan.DefaultSteps });
        Assert.Equal([0, 5, 25, 50, 100], plan.Steps);
    }

    [Fact]
    public void Read_SloFieldNull_NotChecked()
    {
        var plan = Read("""{"version": "2", "slo": {"max_p99_ratio": null}}""");

        Assert.Equal(new RolloutSlo { MaxP99Ratio = null }, plan.Slo);
    }

    [Theory]
    [InlineData("""{"steps": [0, 100]}""", "the rollout request needs 'version', the version to roll out")]
    [InlineData("""{"version": "two"}""", "'version' must be a positive integer (as a string or a number), not \"two\"")]
    [InlineData("""{"version": "2", "min_request": 5}""", "unknown field(s) in the rollout request: 'min_request'; known: version, steps, interval_seconds, min_requests, slo, force, shadow_share")]
    [InlineData("""{"version": "2", "slo": {"max_p99": 5}}""", "unknown field(s) in the rollout request: 'slo.max_p99'; known: slo.max_error_rate, slo.max_p99_ms, slo.max_p99_ratio, slo.max_output_diff, slo.min_top1_agreement")]
    [InlineData("""{"version": "2", "steps": "0,100"}""", "'steps' must be an array of integer percentages, e.g. [0, 5, 25, 50, 100]")]
    [InlineData("""{"version": "2", "force": "yes"}""", "'force' must be true or false, not \"yes\"")]
    [InlineData("""{"version": "2", "interval_seconds": "30"}""", "'interval_seconds' must be a number, not \"30\"")]
    [InlineData("""[1]""", "the rollout request must be a JSON object")]
    public void Read_BadRequest_InvalidArgumentNamingTheField(string json, string message)
    {
        var error = Assert.Throws<InferenceException>(() => Read(json));

        Assert.Equal((InferenceErrorKind.InvalidArgument, message), (error.Kind, error.Message));
    }

    private static RolloutPlan Read(string json) => RolloutRequestReader.Read(Encoding.UTF8.GetBytes(json));
}
