using AIaaS.Models;

namespace AIaaS.Tabular;

/// <summary>
/// Where a request of rows goes: the <c>tabular</c> block the rows are laid out by, the most rows
/// one request may carry, and the version to pin (null: the model's traffic split).
/// </summary>
public sealed record TabularTarget(TabularConfig Tabular, int MaxRows, string? Version);
