namespace AIaaS.Http.Endpoints;

/// <summary>One tenant, model, version and UTC hour of usage; the CSV has the same columns (without <c>failed_by_kind</c>).</summary>
internal sealed record UsageRowResponse(
    string Tenant,
    string Model,
    string Version,
    DateTime Hour,
    long Requests,
    long Failed,
    long Items,
    double ComputeSeconds,
    long InputBytes,
    long OutputBytes,
    long Tokens,
    IReadOnlyDictionary<string, long> FailedByKind);
