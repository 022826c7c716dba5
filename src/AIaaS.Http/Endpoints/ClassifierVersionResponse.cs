using System.Globalization;
using AIaaS.Models;

namespace AIaaS.Http.Endpoints;

/// <summary>A classifier version and its record: what training answers and <c>GET /v1/classifiers/{name}</c> lists.</summary>
internal sealed record ClassifierVersionResponse(
    string Model,
    string Version,
    string State,
    string Method,
    IReadOnlyList<string> Labels,
    string Embedding,
    int Examples,
    int HeldOut,
    double? Accuracy,
    DateTimeOffset? TrainedAt,
    double? Seconds)
{
    public static ClassifierVersionResponse From(string model, int version, string state, TextClassifierConfig record, double? seconds) =>
        new(model, version.ToString(CultureInfo.InvariantCulture), state, record.Method, record.Labels, record.Embedding, record.Examples, record.HeldOut, record.Accuracy, record.TrainedAt, seconds);
}
