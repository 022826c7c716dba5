using AIaaS.Tabular;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// The body of <c>POST /v1/models/{name}/predict</c>'s answer, KServe V1's
/// <c>{"predictions": [...]}</c>: per instance in order, <c>label</c> and <c>probabilities</c>
/// (label to probability, in the model's label order).
/// </summary>
internal sealed record PredictResponse(IReadOnlyList<TabularPrediction> Predictions);
