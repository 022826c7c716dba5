using Orleans.Concurrency;

namespace AIaaS.Sessions;

/// <summary>
/// One session of a stateful model (key: <see cref="SessionKey"/>, <c>{tenant}/{sessionId}</c>): the
/// model version it started on, its state tensors and its step counter. Steps run one at a time.
/// </summary>
[Alias("aiaas.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Runs one step: starts the session when <see cref="SessionStep.Start"/>, ends it when <see cref="SessionStep.End"/>.</summary>
    [Alias("step")]
    Task<SessionStepResult> Step(SessionStep step);

    /// <summary>Ends the session and forgets its state; false when it was not open.</summary>
    [Alias("end")]
    Task<bool> End();

    /// <summary>The session as stored, or null when it is not open.</summary>
    [AlwaysInterleave, Alias("get-info")]
    Task<SessionInfo?> GetInfo();
}
