using AIaaS.Models;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Placement;

/// <summary>
/// Tells the cluster's <see cref="IReplicaInventoryGrain"/> what this silo hosts: at once on
/// every change and every <see cref="Period"/> regardless, which rebuilds the inventory after
/// its grain restarted on another silo. Runs while the silo is active.
/// </summary>
internal sealed partial class ReplicaInventoryReporter(
    LocalReplicaInventory inventory,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    ILogger<ReplicaInventoryReporter> logger) : ActiveSiloLoop
{
    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IReplicaInventoryGrain>(0).Report(silo.SiloAddress, inventory.Snapshot()).ConfigureAwait(false);
                await inventory.WaitForChangeAsync(Period, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReportFailed(logger, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reporting this silo's replicas failed; retrying")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
