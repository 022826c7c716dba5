namespace AIaaS.Tabular;

/// <summary>One row's prediction by a tabular model: the label, and each label's probability in the model's label order.</summary>
public sealed record TabularPrediction(string Label, IReadOnlyDictionary<string, float> Probabilities);
