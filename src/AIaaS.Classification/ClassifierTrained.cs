using AIaaS.Models;

namespace AIaaS.Classification;

/// <summary>A classifier version trained and deployed: its number and its record (labels, method, held-out accuracy).</summary>
internal sealed record ClassifierTrained(string Model, int Version, TextClassifierConfig Record, TimeSpan Took);
