namespace AIaaS.Http.Endpoints;

/// <summary>One row's answer in <see cref="PredictResponse"/>: the predicted label and each label's probability, in the model's label order.</summary>
internal sealed record PredictionResponse(string Label, OrderedDictionary<string, float> Probabilities);
