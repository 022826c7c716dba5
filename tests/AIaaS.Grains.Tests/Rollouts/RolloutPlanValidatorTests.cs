using AIaaS.Grains.Rollouts;
using AIaaS.Rollouts;

namespace AIaaS.Grains.Tests.Rollouts;

public sealed class RolloutPlanValidatorTests
{
    [Fact]
    public void Errors_DefaultPlan_None()
    {
        Assert.Empty(RolloutPlanValidator.Errors(new RolloutPlan { Version = 2 }));
    }

    [Fact]
    public void Errors_EveryFieldWrong_AllReportedAtOnce()
    {
        var plan = new RolloutPlan
        {
            Version = 0,
            Steps = [0, 120, 50],
            IntervalSeconds = 0,
            MinRequests = -1,
            ShadowShare = 0,
            Slo = new RolloutSlo { MaxErrorRate = 2, MaxP99Ratio = -1 },
        };

        Assert.Equal(
            [
                "'version' must be a positive integer (it is 0)",
                "'steps' must be percentages from 0 to 100 (they are [0, 120, 50])",
                "'steps' must rise strictly (they are [0, 120, 50])",
                "'interval_seconds' must be positive (it is 0)",
                "'min_requests' must not be negative (it is -1)",
                "'shadow_share' must be from 1 to 100 (it is 0)",
                "'slo.max_error_rate' must be from 0 to 1 (it is 2)",
                "'slo.max_p99_ratio' must be from 0 to any positive number (it is -1)",
            ],
            RolloutPlanValidator.Errors(plan));
    }
}
