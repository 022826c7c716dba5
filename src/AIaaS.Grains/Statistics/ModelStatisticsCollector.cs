using AIaaS.Models;
using AIaaS.Statistics;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Statistics;

/// <summary>
/// Gathers a model's statistics for the model grain: each ready version's replicas are asked at
/// once and their answers combined into one entry per version.
/// </summary>
internal static partial class ModelStatisticsCollector
{
    /// <summary>One entry per version, in the order given; zeros for a version that is not ready.</summary>
    /// <param name="versions">A copy of the deployment record's versions: the record may change while replicas answer.</param>
    public static async Task<IReadOnlyList<ModelStatistics>> CollectAsync(IGrainFactory grains, string model, IReadOnlyList<ModelVersionInfo> versions, ILogger logger) =>
        await Task.WhenAll(versions.Select(v => CollectVersionAsync(grains, model, v, logger)));

    private static async Task<ModelStatistics> CollectVersionAsync(IGrainFactory grains, string model, ModelVersionInfo version, ILogger logger)
    {
        var total = ModelStatistics.Empty(model, version.Version);
        if (version.Status != ModelVersionStatus.Ready)
        {
            // Its replicas hold no session (or are about to replace it); asking would only activate them.
            return total;
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, version.Config.Replicas).Select(i => AskAsync(grains, model, version.Version, i, logger)));
        foreach (var answer in answers)
        {
            if (answer is not null)
            {
                total = total.Combine(answer);
            }
        }

        return total;
    }

    private static async Task<ModelStatistics?> AskAsync(IGrainFactory grains, string model, int version, int index, ILogger logger)
    {
        try
        {
            return await grains.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(model, version, index)).GetStatistics();
        }
        catch (Exception ex)
        {
            // A replica on a silo that is gone, or too slow to answer, is left out rather than failing
            // the whole answer; whatever it had counted went (or will go) with its session anyway.
            LogReplicaSkipped(logger, model, version, index, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Statistics of {Model} v{Version} leave out replica {Index}, which did not answer")]
    private static partial void LogReplicaSkipped(ILogger logger, string model, int version, int index, Exception exception);
}
