using AIaaS.Grains.Rollouts;
using AIaaS.Models;
using AIaaS.Rollouts;
using Microsoft.Extensions.Logging;

namespace AIaaS.Grains.Controller;

/// <summary>
/// Turns replicas' running totals into windows: each read returns what a version's replicas
/// served since this reader's previous read. A replica read for the first time only sets its
/// baseline (its totals may span hours); one whose activation changed (its silo restarted)
/// counts its whole new totals. A replica that does not answer is skipped this time.
/// One per purpose (the rollout gate, the autoscaler): readings are the reader's own.
/// </summary>
internal sealed partial class ReplicaFiguresReader(IGrainFactory grains, ILogger logger)
{
    private readonly Dictionary<string, ReplicaFigures> _readings = new(StringComparer.Ordinal);

    /// <summary>Forgets every baseline: the next read of each replica only sets one.</summary>
    public void Reset() => _readings.Clear();

    public async Task<ServingFigures> ReadAsync(string model, int version, int replicas, bool takeMaxOutputDiff)
    {
        var keys = Enumerable.Range(0, replicas).Select(i => ReplicaKey.Format(model, version, i)).ToArray();
        var readings = await Task.WhenAll(keys.Select(key => ReadOneAsync(key, takeMaxOutputDiff)));
        var window = ServingWindow.Empty;
        for (var i = 0; i < keys.Length; i++)
        {
            if (readings[i] is not { } current)
            {
                continue;
            }

            if (_readings.TryGetValue(keys[i], out var previous))
            {
                window = ServingWindow.Add(window, previous.Epoch == current.Epoch
                    ? ServingWindow.Since(current.Totals, previous.Totals)
                    : current.Totals);
            }

            _readings[keys[i]] = current;
        }

        return window;
    }

    private async Task<ReplicaFigures?> ReadOneAsync(string key, bool takeMaxOutputDiff)
    {
        try
        {
            return await grains.GetGrain<IModelReplicaGrain>(key).GetFigures(takeMaxOutputDiff);
        }
        catch (Exception ex)
        {
            LogReadFailed(logger, key, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the figures of replica {Replica} failed ({Error}: {Message}); skipped this interval")]
    private static partial void LogReadFailed(ILogger logger, string replica, string error, string message);
}
