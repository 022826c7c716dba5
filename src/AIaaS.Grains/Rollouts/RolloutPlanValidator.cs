using System.Globalization;
using AIaaS.Rollouts;

namespace AIaaS.Grains.Rollouts;

/// <summary>Every error of a rollout plan at once, each naming its field as the HTTP API spells it.</summary>
internal static class RolloutPlanValidator
{
    public static IReadOnlyList<string> Errors(RolloutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new List<string>();
        if (plan.Version <= 0)
        {
            errors.Add(Invariant($"'version' must be a positive integer (it is {plan.Version})"));
        }

        if (plan.Steps is null || plan.Steps.Count == 0)
        {
            errors.Add("'steps' must list at least one traffic share");
        }
        else
        {
            if (plan.Steps.Any(s => s is < 0 or > 100))
            {
                errors.Add($"'steps' must be percentages from 0 to 100 (they are [{string.Join(", ", plan.Steps)}])");
            }

            if (plan.Steps.Zip(plan.Steps.Skip(1)).Any(p => p.Second <= p.First))
            {
                errors.Add($"'steps' must rise strictly (they are [{string.Join(", ", plan.Steps)}])");
            }
        }

        if (!(plan.IntervalSeconds > 0) || double.IsInfinity(plan.IntervalSeconds))
        {
            errors.Add(Invariant($"'interval_seconds' must be positive (it is {plan.IntervalSeconds})"));
        }

        if (plan.MinRequests < 0)
        {
            errors.Add(Invariant($"'min_requests' must not be negative (it is {plan.MinRequests})"));
        }

        if (plan.ShadowShare is < 1 or > 100)
        {
            errors.Add(Invariant($"'shadow_share' must be from 1 to 100 (it is {plan.ShadowShare})"));
        }

        var slo = plan.Slo ?? new RolloutSlo();
        Limit(errors, "slo.max_error_rate", slo.MaxErrorRate, max: 1);
        Limit(errors, "slo.max_p99_ms", slo.MaxP99Ms);
        Limit(errors, "slo.max_p99_ratio", slo.MaxP99Ratio);
        Limit(errors, "slo.max_output_diff", slo.MaxOutputDiff);
        Limit(errors, "slo.min_top1_agreement", slo.MinTop1Agreement, max: 1);
        return errors;
    }

    private static void Limit(List<string> errors, string field, double? value, double max = double.MaxValue)
    {
        if (value is { } v && !(v >= 0 && v <= max))
        {
            errors.Add(Invariant($"'{field}' must be from 0 to {(max == double.MaxValue ? "any positive number" : max.ToString(CultureInfo.InvariantCulture))} (it is {v})"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
