using System.Globalization;
using AIaaS.Grains.Diagnostics;
using AIaaS.Rollouts;

namespace AIaaS.Http.Rollouts;

/// <summary>
/// The body of <c>GET /v2/models/{m}/rollout</c> (snake_case on the wire): versions as strings,
/// as the protocol writes them; figures by version; the state in snake_case.
/// </summary>
internal sealed record RolloutResponse(
    string Model,
    string Version,
    string StableVersion,
    string State,
    int Step,
    int Share,
    bool Shadowing,
    RolloutPlanResponse Plan,
    IReadOnlyDictionary<string, VersionFiguresResponse> Figures,
    IReadOnlyList<RolloutDecisionResponse> History,
    string? Reason,
    DateTimeOffset StartedAt)
{
    public static RolloutResponse From(RolloutStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new RolloutResponse(
            status.Model,
            Text(status.Version),
            Text(status.StableVersion),
            DeploymentInstruments.Name(status.State),
            status.Step,
            status.Share,
            status.Shadowing,
            RolloutPlanResponse.From(status.Plan),
            FiguresOf(status.Figures),
            [.. status.History.Select(d => new RolloutDecisionResponse(d.At, d.Action, d.Step, d.Share, d.Reason, FiguresOf(d.Figures)))],
            status.Reason,
            status.StartedAt);
    }

    private static Dictionary<string, VersionFiguresResponse> FiguresOf(IReadOnlyDictionary<string, VersionFigures> figures) =>
        figures.ToDictionary(f => f.Key, f => VersionFiguresResponse.From(f.Value), StringComparer.Ordinal);

    private static string Text(int version) => version.ToString(CultureInfo.InvariantCulture);
}
