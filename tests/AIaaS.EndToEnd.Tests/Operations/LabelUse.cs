namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// A label name an expression of dashboards/ relies on, and the series it must be on (one of
/// them): the selector's metric for a matcher (<c>metric{label="..."}</c>), every metric of the
/// expression for a grouping (<c>by (label)</c>, <c>on (label)</c>, ...).
/// </summary>
internal sealed record LabelUse(string Source, string Label, IReadOnlyList<string> Metrics);
