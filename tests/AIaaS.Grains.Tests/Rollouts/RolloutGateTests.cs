using AIaaS.Grains.Rollouts;
using AIaaS.Rollouts;

namespace AIaaS.Grains.Tests.Rollouts;

public sealed class RolloutGateTests
{
    private static readonly RolloutPlan Plan = new()
    {
        Version = 2,
        MinRequests = 100,
        Slo = new RolloutSlo { MaxErrorRate = 0.01, MaxP99Ms = 250, MaxP99Ratio = 1.5, MaxOutputDiff = 0.001, MinTop1Agreement = 0.99 },
    };

    private static readonly VersionFigures Stable = new() { Requests = 1_000, Errors = 0, P99Ms = 100 };

    [Fact]
    public void Judge_FewerCandidateRequestsThanMinimum_HoldsWhateverTheFigures()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: false, Stable, new VersionFigures { Requests = 99, Errors = 99, P99Ms = 10_000 });

        Assert.Equal(new GateVerdict(GateOutcome.Hold, "99 of 100 candidate requests needed to judge the step"), verdict);
    }

    [Fact]
    public void Judge_EveryLimitHeld_Passes()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: true, Stable, new VersionFigures { Requests = 100, Errors = 1, P99Ms = 150, Compared = 100, MaxOutputDiff = 0.001, Top1Agreement = 0.99 });

        Assert.Equal(new GateVerdict(GateOutcome.Pass, "100 requests, error rate 0.01, p99 150 ms (stable 100 ms), max output diff 0.001"), verdict);
    }

    [Fact]
    public void Judge_ServerErrorsAboveRate_BreachesWithTheFigures()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: false, Stable, new VersionFigures { Requests = 200, Errors = 3, P99Ms = 100 });

        Assert.Equal(new GateVerdict(GateOutcome.Breach, "error rate 0.015 (3 of 200 requests) exceeds max_error_rate 0.01"), verdict);
    }

    [Fact]
    public void Judge_SlowCandidate_ReportsBothLatencyBreaches()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: false, Stable, new VersionFigures { Requests = 100, P99Ms = 300 });

        Assert.Equal(GateOutcome.Breach, verdict.Outcome);
        Assert.Equal("p99 300 ms exceeds max_p99_ms 250; p99 300 ms is 3 times the stable version's 100 ms, above max_p99_ratio 1.5", verdict.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Judge_SlowCandidateInShadowOrAtASmallShare_BreachesOnBothP99LimitsOnceItHasMinRequests(bool shadowing)
    {
        // In the shadow step or at 5%, the stable version serves many times the candidate's requests over the same window.
        var stable = new VersionFigures { Requests = 1_900, P99Ms = 120 };

        var held = RolloutGate.Judge(Plan, shadowing, stable, new VersionFigures { Requests = 99, P99Ms = 1_400 });
        var judged = RolloutGate.Judge(Plan, shadowing, stable, new VersionFigures { Requests = 100, P99Ms = 1_400 });

        Assert.Equal(GateOutcome.Hold, held.Outcome);
        Assert.Equal(new GateVerdict(GateOutcome.Breach, "p99 1400 ms exceeds max_p99_ms 250; p99 1400 ms is 11.67 times the stable version's 120 ms, above max_p99_ratio 1.5"), judged);
    }

    [Fact]
    public void Judge_StableWithoutRequestsAt100Percent_SkipsTheRatio()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: false, new VersionFigures(), new VersionFigures { Requests = 100, P99Ms = 200 });

        Assert.Equal(GateOutcome.Pass, verdict.Outcome);
    }

    [Fact]
    public void Judge_StableWithoutRequestsAt100Percent_JudgesTheRatioAgainstItsLastStep()
    {
        var slow = RolloutGate.Judge(Plan, shadowing: false, new VersionFigures { Requests = 3, P99Ms = 10 }, new VersionFigures { Requests = 100, P99Ms = 200 }, stableBaselineP99Ms: 100);
        var fine = RolloutGate.Judge(Plan, shadowing: false, new VersionFigures(), new VersionFigures { Requests = 100, P99Ms = 140 }, stableBaselineP99Ms: 100);
        var measured = RolloutGate.Judge(Plan, shadowing: false, new VersionFigures { Requests = 100, P99Ms = 150 }, new VersionFigures { Requests = 100, P99Ms = 200 }, stableBaselineP99Ms: 10);

        Assert.Equal(new GateVerdict(GateOutcome.Breach, "p99 200 ms is 2 times the stable version's 100 ms (at its last step with enough requests), above max_p99_ratio 1.5"), slow);
        Assert.Equal(GateOutcome.Pass, fine.Outcome);
        // The window's own stable figures, when there are enough, win over the baseline.
        Assert.Equal(GateOutcome.Pass, measured.Outcome);
    }

    [Fact]
    public void Judge_StableWithFewerRequestsThanMinimum_SkipsTheRatio()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: false, new VersionFigures { Requests = 1, P99Ms = 10 }, new VersionFigures { Requests = 100, P99Ms = 200 });

        Assert.Equal(GateOutcome.Pass, verdict.Outcome);
    }

    [Fact]
    public void Judge_OutputsDifferInShadow_BreachesOnDiffAndAgreement()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: true, Stable, new VersionFigures { Requests = 100, P99Ms = 100, Compared = 100, MaxOutputDiff = 0.5, Top1Agreement = 0.9 });

        Assert.Equal(GateOutcome.Breach, verdict.Outcome);
        Assert.Equal("outputs differ from the stable version's by up to 0.5 over 100 compared requests, above max_output_diff 0.001; top-1 agreement 0.9 with the stable version is below min_top1_agreement 0.99", verdict.Reason);
    }

    [Fact]
    public void Judge_OutputsDifferOutsideShadow_NotJudgedOnOutputs()
    {
        var verdict = RolloutGate.Judge(Plan, shadowing: false, Stable, new VersionFigures { Requests = 100, P99Ms = 100, Compared = 5, MaxOutputDiff = 0.5 });

        Assert.Equal(GateOutcome.Pass, verdict.Outcome);
    }
}
