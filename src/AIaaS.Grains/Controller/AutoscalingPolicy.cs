using System.Globalization;
using AIaaS.Models;

namespace AIaaS.Grains.Controller;

/// <summary>
/// Ray Serve's replica autoscaling, per model: the replicas wanted are the requests in flight
/// over the target per replica, rounded up, within min and max; a change is made only once the
/// wish has pointed the same way for the configured delay (separate for up and down, so load
/// spikes add replicas quickly while a lull does not remove them at once). Holds the time each
/// wish began; one per model grain activation.
/// </summary>
internal sealed class AutoscalingPolicy
{
    private TimeSpan? _upSince;
    private TimeSpan? _downSince;

    /// <param name="config">The model's autoscaling block.</param>
    /// <param name="current">Replicas now.</param>
    /// <param name="pending">Average requests queued or executing over the last window, all replicas together.</param>
    /// <param name="now">Monotonic time of this decision.</param>
    /// <returns>The new replica count and why, or null to keep the current one.</returns>
    public (int Replicas, string Reason)? Decide(AutoscalingConfig config, int current, double pending, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(config);
        var wanted = Math.Clamp((int)Math.Ceiling(pending / config.TargetPendingPerReplica - 1e-9), config.MinReplicas, config.MaxReplicas);
        if (current < config.MinReplicas || current > config.MaxReplicas)
        {
            Clear();
            var bounded = Math.Clamp(current, config.MinReplicas, config.MaxReplicas);
            return (bounded, Invariant($"{current} replicas is outside min_replicas {config.MinReplicas} to max_replicas {config.MaxReplicas}"));
        }

        var figures = Invariant($"{pending:0.##} requests in flight on average for {current} replicas, target {config.TargetPendingPerReplica:0.##} per replica");
        if (wanted > current)
        {
            _downSince = null;
            _upSince ??= now;
            if (now - _upSince.Value >= TimeSpan.FromSeconds(config.ScaleUpAfter))
            {
                Clear();
                return (wanted, Invariant($"{figures}, for {config.ScaleUpAfter:0.#} s"));
            }
        }
        else if (wanted < current)
        {
            _upSince = null;
            _downSince ??= now;
            if (now - _downSince.Value >= TimeSpan.FromSeconds(config.ScaleDownAfter))
            {
                Clear();
                return (wanted, Invariant($"{figures}, for {config.ScaleDownAfter:0.#} s"));
            }
        }
        else
        {
            Clear();
        }

        return null;
    }

    public void Clear()
    {
        _upSince = null;
        _downSince = null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
