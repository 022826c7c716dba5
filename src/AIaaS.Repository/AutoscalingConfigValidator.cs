using System.Globalization;
using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>The errors of a config's <c>autoscaling</c> block, each naming its field.</summary>
internal static class AutoscalingConfigValidator
{
    public static IEnumerable<string> Validate(AutoscalingConfig autoscaling)
    {
        if (autoscaling.MinReplicas < 1)
        {
            yield return Invariant($"autoscaling.min_replicas must be >= 1, not {autoscaling.MinReplicas}");
        }

        if (autoscaling.MaxReplicas < autoscaling.MinReplicas)
        {
            yield return Invariant($"autoscaling.max_replicas must be >= min_replicas ({autoscaling.MinReplicas}), not {autoscaling.MaxReplicas}");
        }

        if (!(autoscaling.TargetPendingPerReplica > 0))
        {
            yield return Invariant($"autoscaling.target_pending_per_replica must be > 0, not {autoscaling.TargetPendingPerReplica}");
        }

        if (!(autoscaling.ScaleUpAfter >= 0))
        {
            yield return Invariant($"autoscaling.scale_up_after must be >= 0 seconds, not {autoscaling.ScaleUpAfter}");
        }

        if (!(autoscaling.ScaleDownAfter >= 0))
        {
            yield return Invariant($"autoscaling.scale_down_after must be >= 0 seconds, not {autoscaling.ScaleDownAfter}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
