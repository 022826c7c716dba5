namespace AIaaS.Grains;

/// <summary>
/// Work a silo runs in the background while it is active: started when the silo becomes active,
/// cancelled and awaited when it stops. The reporters that tell cluster grains about this silo
/// derive from it.
/// </summary>
internal abstract class ActiveSiloLoop : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        GetType().Name,
        ServiceLifecycleStage.Active,
        _ =>
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token));
            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        });

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then returns (without throwing).</summary>
    protected abstract Task RunAsync(CancellationToken cancellationToken);
}
