using AIaaS.Errors;
using AIaaS.Sessions;

namespace AIaaS.Routing;

/// <summary>
/// Sends a step to its session grain, for the HTTP front and the SDK alike. When the session's silo
/// dies during the call, a step with a number (a start step is step 0) is sent again until the grain
/// answers from its new silo or <see cref="RetryFor"/> passes: the grain answers a step it already
/// ran from its kept result, so the retry is safe. A step without a number cannot be retried safely
/// (it may have run), so its failure is a 503 telling the caller to retry with a number.
/// </summary>
internal sealed class SessionStepCaller(IGrainFactory grains, TimeProvider? time = null)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How long a step whose silo died is retried: long enough for the cluster to declare the silo dead.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Runs <paramref name="step"/> on session <paramref name="sessionId"/> of <paramref name="tenant"/>.</summary>
    public async Task<SessionStepResult> StepAsync(string? tenant, string sessionId, SessionStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var key = SessionKey.Format(tenant, sessionId);
        var grain = grains.GetGrain<ISessionGrain>(key);
        var retryable = step.Number is not null || step.Start;
        if (step.Start && step.Number is null)
        {
            step = new SessionStep { Model = step.Model, Version = step.Version, Start = true, End = step.End, Number = 0, Request = step.Request };
        }

        var started = _time.GetTimestamp();
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                return await grain.Step(step).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            // A timeout too: the silo may have died with the call in flight before the cluster said so.
            catch (Exception ex) when (SiloFailures.Is(ex) || ex is TimeoutException)
            {
                if (!retryable)
                {
                    throw InferenceException.Unavailable(
                        $"session '{key}': the silo holding it failed during a step without a number, which may or may not have run; send steps with sequence_step so that they can be retried");
                }

                if (_time.GetElapsedTime(started) + backoff > RetryFor)
                {
                    throw InferenceException.Unavailable($"session '{key}': its silo failed and step {step.Number} could not be retried within {RetryFor.TotalSeconds:0} s; retrying the same step is safe");
                }

                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
            }
        }
    }
}
