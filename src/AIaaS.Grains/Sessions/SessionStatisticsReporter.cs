using AIaaS.Models;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Sessions;

/// <summary>
/// Sends this silo's session totals (<see cref="SessionCounters"/>) to each model's grain: within
/// <see cref="Period"/> of a change, and every <see cref="RefreshPeriod"/> regardless, so the model
/// grain can tell a silo that went quiet (its sessions' counts stay) from one that is gone (its
/// open sessions no longer count as active). Totals, not deltas: a lost report loses nothing.
/// </summary>
internal sealed partial class SessionStatisticsReporter(
    SessionCounters counters,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<SessionStatisticsReporter> logger) : ActiveSiloLoop
{
    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(20);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var reported = 0L;
        var lastReport = time.GetTimestamp();
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var changes = counters.Changes;
                if (changes == reported && time.GetElapsedTime(lastReport) < RefreshPeriod)
                {
                    continue;
                }

                try
                {
                    foreach (var (model, versions) in counters.Snapshot())
                    {
                        await grains.GetGrain<IModelGrain>(model).ReportSessions(silo.SiloAddress, versions).ConfigureAwait(false);
                    }

                    reported = changes;
                    lastReport = time.GetTimestamp();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReportFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reporting this silo's session statistics failed; retrying")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
