using AIaaS.Rollouts;

namespace AIaaS.Http.Rollouts;

/// <summary>One version's figures over the current step: <c>{"requests", "errors", "p99_ms", ...}</c>.</summary>
internal sealed record VersionFiguresResponse(
    long Requests,
    long Errors,
    double ErrorRate,
    double P99Ms,
    long Compared,
    double? MaxOutputDiff,
    double? Top1Agreement)
{
    public static VersionFiguresResponse From(VersionFigures figures) => new(
        figures.Requests,
        figures.Errors,
        figures.ErrorRate,
        figures.P99Ms,
        figures.Compared,
        // JSON has no infinity: an output that could not be compared at all shows as the largest double.
        figures.MaxOutputDiff is { } diff && double.IsInfinity(diff) ? double.MaxValue : figures.MaxOutputDiff,
        figures.Top1Agreement);
}
