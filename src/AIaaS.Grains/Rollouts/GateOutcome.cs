namespace AIaaS.Grains.Rollouts;

internal enum GateOutcome
{
    /// <summary>The candidate has fewer requests in the step than the plan's minimum.</summary>
    Hold,
    /// <summary>Every SLO holds: the step may advance.</summary>
    Pass,
    /// <summary>An SLO is broken: roll back.</summary>
    Breach,
}
