namespace AIaaS.Cli.Remote;

/// <summary>
/// One step of a session, as Triton's sequence extension names it in a request's parameters:
/// <c>sequence_id</c>, <c>sequence_start</c> on step 0, and ours, <c>sequence_step</c> (the step's
/// number, so a step repeated after a lost answer is recognised rather than run twice).
/// </summary>
internal readonly record struct OipSequenceStep(string SequenceId, long Step);
