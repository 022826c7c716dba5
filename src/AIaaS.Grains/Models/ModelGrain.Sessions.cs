using AIaaS.Models;
using AIaaS.Statistics;

namespace AIaaS.Grains.Models;

/// <summary>The silos' session reports, added into the statistics of stateful versions.</summary>
internal sealed partial class ModelGrain
{
    // A silo reports at least every 20 s (SessionStatisticsReporter); one silent for three times
    // that is taken as gone: its counts stay, its sessions are no longer open there.
    private static readonly TimeSpan ReportFreshness = TimeSpan.FromMinutes(1);

    // In memory: statistics start again when the grain does, as Triton's do with the server.
    private readonly Dictionary<SiloAddress, (DateTimeOffset At, IReadOnlyList<SequenceStatistics> Versions)> _sessionReports = [];

    public Task ReportSessions(SiloAddress silo, IReadOnlyList<SequenceStatistics> versions)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(versions);
        _sessionReports[silo] = (time.GetUtcNow(), versions);
        return Task.CompletedTask;
    }

    /// <summary>The version's sessions over every silo's last report; null for a version without <c>sequence_batching</c>.</summary>
    private SequenceStatistics? SequenceStatisticsOf(ModelVersionInfo version)
    {
        if (version.Config.SequenceBatching is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var total = new SequenceStatistics(version.Version, 0, 0, 0, 0, 0, StatisticDuration.Zero);
        foreach (var (at, versions) in _sessionReports.Values)
        {
            foreach (var reported in versions.Where(v => v.Version == version.Version))
            {
                total = total.Add(now - at < ReportFreshness ? reported : reported with { Active = 0 });
            }
        }

        return total;
    }
}
