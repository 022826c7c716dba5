using System.Globalization;
using AIaaS.Rollouts;

namespace AIaaS.Grains.Rollouts;

/// <summary>
/// The analysis of one step, as Flagger's canary checks: the candidate is judged by what it did
/// over the step, against the plan's SLOs and against the stable version over the same window.
/// Nothing is judged before the candidate has the plan's minimum of requests: a handful of
/// requests proves nothing either way. Every breach is reported, not only the first.
/// </summary>
internal static class RolloutGate
{
    /// <param name="stableBaselineP99Ms">
    /// The stable version's p99 at the last step where it served <c>min_requests</c>: what the
    /// ratio compares with when it serves too few in this one (at 100% it serves none).
    /// </param>
    public static GateVerdict Judge(RolloutPlan plan, bool shadowing, VersionFigures stable, VersionFigures candidate, double? stableBaselineP99Ms = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stable);
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Requests < plan.MinRequests)
        {
            return new GateVerdict(GateOutcome.Hold, Invariant($"{candidate.Requests} of {plan.MinRequests} candidate requests needed to judge the step"));
        }

        var slo = plan.Slo;
        var breaches = new List<string>();
        if (slo.MaxErrorRate is { } maxErrorRate && candidate.ErrorRate > maxErrorRate)
        {
            breaches.Add(Invariant($"error rate {candidate.ErrorRate:0.####} ({candidate.Errors} of {candidate.Requests} requests) exceeds max_error_rate {maxErrorRate}"));
        }

        if (slo.MaxP99Ms is { } maxP99 && candidate.P99Ms > maxP99)
        {
            breaches.Add(Invariant($"p99 {candidate.P99Ms:0.###} ms exceeds max_p99_ms {maxP99}"));
        }

        // The ratio needs the stable version's latency from as many requests as the candidate's is
        // judged on: over the same window when it has them, else as it was at the last step where
        // it had them (at 100% it serves a straggler or none, and one request's latency is no p99).
        var (stableP99, baseline) = StableP99(plan, stable, stableBaselineP99Ms);
        if (slo.MaxP99Ratio is { } maxRatio && stableP99 > 0 && candidate.P99Ms / stableP99 > maxRatio)
        {
            breaches.Add(Invariant($"p99 {candidate.P99Ms:0.###} ms is {candidate.P99Ms / stableP99:0.##} times the stable version's {stableP99:0.###} ms{(baseline ? " (at its last step with enough requests)" : "")}, above max_p99_ratio {maxRatio}"));
        }

        if (shadowing && slo.MaxOutputDiff is { } maxDiff && candidate.MaxOutputDiff is { } diff && diff > maxDiff)
        {
            breaches.Add(Invariant($"outputs differ from the stable version's by up to {diff:G6} over {candidate.Compared} compared requests, above max_output_diff {maxDiff}"));
        }

        if (shadowing && slo.MinTop1Agreement is { } minAgreement && candidate.Top1Agreement is { } agreement && agreement < minAgreement)
        {
            breaches.Add(Invariant($"top-1 agreement {agreement:0.####} with the stable version is below min_top1_agreement {minAgreement}"));
        }

        return breaches.Count > 0
            ? new GateVerdict(GateOutcome.Breach, string.Join("; ", breaches))
            : new GateVerdict(GateOutcome.Pass, Invariant($"{candidate.Requests} requests, error rate {candidate.ErrorRate:0.####}, p99 {candidate.P99Ms:0.###} ms (stable {stable.P99Ms:0.###} ms)")
                + (shadowing && candidate.MaxOutputDiff is { } d ? Invariant($", max output diff {d:G6}") : ""));
    }

    /// <summary>The stable version's p99 over this window when it has the minimum of requests, else the baseline (flagged), else 0.</summary>
    public static (double P99Ms, bool FromBaseline) StableP99(RolloutPlan plan, VersionFigures stable, double? baselineP99Ms) =>
        stable.Requests >= plan.MinRequests && stable.P99Ms > 0 ? (stable.P99Ms, false)
        : baselineP99Ms is > 0 and var baseline ? (baseline, true)
        : (0, false);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
