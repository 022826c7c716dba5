namespace AIaaS.Http.Endpoints;

/// <summary>The body of <c>POST /v1/models/{name}/predict</c>'s answer, KServe V1's <c>{"predictions": [...]}</c>, one per instance in order.</summary>
internal sealed record PredictResponse(IReadOnlyList<PredictionResponse> Predictions);
