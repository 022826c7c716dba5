namespace AIaaS.Grains.Rollouts;

/// <summary>What the gate found for one step: hold (not enough candidate traffic yet), pass, or breach; with the reason in words and figures.</summary>
internal readonly record struct GateVerdict(GateOutcome Outcome, string Reason);
