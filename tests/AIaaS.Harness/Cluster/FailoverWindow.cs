namespace AIaaS.Testing.Cluster;

/// <summary>
/// The calls of a load around the moment a silo was killed: how many, how many failed, and when
/// the failures were, as offsets from the kill (negative before it). The failover window is the
/// time from the first error to the last (zero when no call failed): how long callers saw the
/// kill at all.
/// </summary>
/// <param name="Calls">Every call answered, successfully or not.</param>
/// <param name="ErrorsBeforeKill">Failures answered before the kill; a healthy cluster has none.</param>
/// <param name="FirstError">The first failure, from the kill; null when no call failed.</param>
/// <param name="LastError">The last failure, from the kill; null when no call failed.</param>
/// <param name="LastAnswer">The last call answered, from the kill: where the load ended.</param>
/// <param name="SuccessesAfterLastError">Successful calls answered after both the kill and the last failure.</param>
/// <param name="FirstException">The first failure's error, for messages.</param>
public sealed record FailoverWindow(
    long Calls,
    long Errors,
    long ErrorsBeforeKill,
    TimeSpan? FirstError,
    TimeSpan? LastError,
    TimeSpan LastAnswer,
    long SuccessesAfterLastError,
    Exception? FirstException)
{
    /// <summary>First error to last error; zero when no call failed.</summary>
    public TimeSpan Window => FirstError is { } first && LastError is { } last ? last - first : TimeSpan.Zero;

    /// <summary>Successful calls over all calls (1 when there were none to fail).</summary>
    public double SuccessRatio => Calls == 0 ? 1 : (double)(Calls - Errors) / Calls;

    /// <summary>From the later of the kill and the last failure to the end of the load: how long it ran without an error at its end.</summary>
    public TimeSpan CleanTail => LastAnswer - (LastError is { } last && last > TimeSpan.Zero ? last : TimeSpan.Zero);

    /// <summary>Reads <paramref name="outcomes"/> (in any order) around <paramref name="killedAt"/>, all stamped at <paramref name="frequency"/> ticks per second.</summary>
    public static FailoverWindow Measure(IReadOnlyCollection<CallOutcome> outcomes, long killedAt, long frequency)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency);
        TimeSpan FromKill(long timestamp) => TimeSpan.FromTicks((long)((Int128)(timestamp - killedAt) * TimeSpan.TicksPerSecond / frequency));

        var errors = outcomes.Where(o => o.Failed).OrderBy(o => o.AnsweredAt).ToList();
        var cleanFrom = errors.Count == 0 ? killedAt : Math.Max(killedAt, errors[^1].AnsweredAt);
        return new FailoverWindow(
            outcomes.Count,
            errors.Count,
            errors.Count(o => o.AnsweredAt < killedAt),
            errors.Count == 0 ? null : FromKill(errors[0].AnsweredAt),
            errors.Count == 0 ? null : FromKill(errors[^1].AnsweredAt),
            outcomes.Count == 0 ? TimeSpan.Zero : FromKill(outcomes.Max(o => o.AnsweredAt)),
            outcomes.Count(o => !o.Failed && o.AnsweredAt > cleanFrom),
            errors.Count == 0 ? null : errors[0].Error);
    }

    /// <summary>One line: counts, the window, and where the errors fell.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Calls} calls, {Errors} failed ({SuccessRatio * 100:F3} % succeeded, {ErrorsBeforeKill} before the kill); failover window {Window.TotalSeconds:F2} s")
        + (FirstError is { } first ? FormattableString.Invariant($" (first error {first.TotalSeconds:F2} s after the kill, last {LastError!.Value.TotalSeconds:F2} s)") : "")
        + FormattableString.Invariant($"; load ran {LastAnswer.TotalSeconds:F1} s past the kill, the last {CleanTail.TotalSeconds:F1} s without an error ({SuccessesAfterLastError} calls)")
        + (FirstException is { } error ? $"; first error: {error.GetType().Name}: {error.Message}" : "");
}
