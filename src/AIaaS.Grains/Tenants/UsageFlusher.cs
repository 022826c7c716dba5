using AIaaS.Tenants;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// The silo's tenant background work: flushes <see cref="UsageMeter"/> to the tenant grains every
/// <see cref="TenantAuthOptions.UsageFlushInterval"/> (one storage write per tenant per interval,
/// not per request) and renews <see cref="TenantAdmission"/>'s rate shares every lease period.
/// On a graceful stop it flushes once more while grain calls still work, so nothing counted is
/// lost; a crash loses at most the last interval.
/// </summary>
internal sealed partial class UsageFlusher(
    IGrainFactory grains,
    UsageMeter meter,
    TenantAdmission admission,
    TenantAuthOptions options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<UsageFlusher> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _flushing = Task.CompletedTask;
    private Task _renewing = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(UsageFlusher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Writes what is buffered; what fails goes back into the buffer for the next flush.</summary>
    public async Task FlushAsync()
    {
        var records = meter.Drain();
        foreach (var tenant in records.GroupBy(r => r.Tenant, StringComparer.Ordinal))
        {
            try
            {
                await grains.GetGrain<ITenantGrain>(tenant.Key).RecordUsage(tenant.ToList()).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                meter.Restore(tenant);
                LogFlushFailed(logger, tenant.Key, ex);
            }
        }
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        admission.Front = silo.SiloAddress.ToParsableString();
        _flushing = LoopAsync(options.UsageFlushInterval, FlushAsync);
        _renewing = LoopAsync(options.LeasePeriod, admission.RenewAsync);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_flushing, _renewing).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        LogFlushedOnStop(logger);
    }

    private async Task LoopAsync(TimeSpan period, Func<Task> work)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                await work().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing usage of tenant {Tenant} failed; it is kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string tenant, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage flushed on stop")]
    private static partial void LogFlushedOnStop(ILogger logger);
}
