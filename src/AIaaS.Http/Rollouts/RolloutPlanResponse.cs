using AIaaS.Rollouts;

namespace AIaaS.Http.Rollouts;

/// <summary>The plan of a rollout as the request spells it, with every default filled in.</summary>
internal sealed record RolloutPlanResponse(
    IReadOnlyList<int> Steps,
    double IntervalSeconds,
    long MinRequests,
    RolloutSlo Slo,
    bool Force,
    int ShadowShare)
{
    public static RolloutPlanResponse From(RolloutPlan plan) =>
        new(plan.Steps, plan.IntervalSeconds, plan.MinRequests, plan.Slo, plan.Force, plan.ShadowShare);
}
