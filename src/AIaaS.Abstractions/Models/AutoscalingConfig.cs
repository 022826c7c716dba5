namespace AIaaS.Models;

/// <summary>
/// <c>autoscaling</c> in a model's <c>config.json</c>: the model grain keeps between
/// <see cref="MinReplicas"/> and <see cref="MaxReplicas"/> replicas of the serving version, as
/// many as keep the requests in flight per replica near <see cref="TargetPendingPerReplica"/>
/// (Ray Serve's target ongoing requests), adding replicas once the load has called for more for
/// <see cref="ScaleUpAfter"/> seconds and removing them once it has called for fewer for
/// <see cref="ScaleDownAfter"/> seconds.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.autoscaling-config")]
public sealed record AutoscalingConfig
{
    [Id(0)] public int MinReplicas { get; init; } = 1;

    [Id(1)] public int MaxReplicas { get; init; } = 1;

    /// <summary>Requests queued or executing per replica the autoscaler aims at.</summary>
    [Id(2)] public double TargetPendingPerReplica { get; init; } = 2;

    /// <summary>Seconds the load must call for more replicas before they are added.</summary>
    [Id(3)] public double ScaleUpAfter { get; init; } = 30;

    /// <summary>Seconds the load must call for fewer replicas before they drain and go.</summary>
    [Id(4)] public double ScaleDownAfter { get; init; } = 600;
}
