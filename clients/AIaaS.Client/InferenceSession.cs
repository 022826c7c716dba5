using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Routing;
using AIaaS.Sessions;
using AIaaS.Tensors;

namespace AIaaS.Client;

/// <summary>
/// The SDK side of a session. Every step carries its number, so the step caller retries it safely
/// when the session's silo dies. With <c>checkpoint: every N</c> the server may come back with the
/// state of an earlier step: the session keeps the inputs of every step after the last stored one
/// and, when the server answers that it is behind (409) or lost the session (404), replays them
/// before sending the step again, so the outputs are those of an uninterrupted run.
/// </summary>
internal sealed class InferenceSession(IGrainFactory grains, SessionStepCaller caller, string model, string? version, string? tenant, string sessionId) : IInferenceSession
{
    private readonly List<(long Number, IReadOnlyList<TensorPayload> Inputs)> _unstored = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ended;

    public string SessionId => sessionId;

    public long NextStep { get; private set; }

    public Task<InferenceResponse> InferAsync(IReadOnlyList<TensorPayload> inputs, CancellationToken cancellationToken = default) =>
        StepAsync(inputs, end: false, cancellationToken);

    public Task<InferenceResponse> EndAsync(IReadOnlyList<TensorPayload> inputs, CancellationToken cancellationToken = default) =>
        StepAsync(inputs, end: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_ended && NextStep > 0)
        {
            _ended = true;
            try
            {
                await grains.GetGrain<ISessionGrain>(SessionKey.Format(tenant, sessionId)).End().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InferenceException || SiloFailures.Is(ex) || ex is TimeoutException)
            {
                // Best effort: a session that cannot be ended now is released once idle.
            }
        }

        _gate.Dispose();
    }

    private async Task<InferenceResponse> StepAsync(IReadOnlyList<TensorPayload> inputs, bool end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_ended, this);
            var number = NextStep;
            _unstored.Add((number, inputs));
            SessionStepResult result;
            try
            {
                result = await SendAsync(number, inputs, end, cancellationToken).ConfigureAwait(false);
            }
            catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.Conflict or InferenceErrorKind.NotFound && number > 0)
            {
                result = await ReplayAsync(number, end, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _unstored.RemoveAt(_unstored.Count - 1);
                throw;
            }

            NextStep = number + 1;
            _ended = end;
            _unstored.RemoveAll(s => s.Number <= result.CheckpointedNumber);
            return result.Response;
        }
        finally
        {
            _gate.Release();
        }
    }

    // The server lost the steps after its last stored state: send them again from there, then this one.
    private async Task<SessionStepResult> ReplayAsync(long number, bool end, CancellationToken cancellationToken)
    {
        var info = await grains.GetGrain<ISessionGrain>(SessionKey.Format(tenant, sessionId)).GetInfo().WaitAsync(cancellationToken).ConfigureAwait(false);
        var from = info?.NextNumber ?? 0;
        if (_unstored.Count == 0 || _unstored[0].Number > from)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                $"session '{sessionId}' lost its state after step {from - 1} and this client no longer holds the inputs since then");
        }

        SessionStepResult? result = null;
        foreach (var (replayed, inputs) in _unstored.Where(s => s.Number >= from))
        {
            result = await SendAsync(replayed, inputs, end && replayed == number, cancellationToken).ConfigureAwait(false);
        }

        return result!;
    }

    private Task<SessionStepResult> SendAsync(long number, IReadOnlyList<TensorPayload> inputs, bool end, CancellationToken cancellationToken) =>
        caller.StepAsync(tenant, sessionId, new SessionStep
        {
            Model = model,
            Version = version,
            Start = number == 0,
            End = end,
            Number = number,
            Request = new InferenceRequest { Inputs = inputs },
        }, cancellationToken);
}
