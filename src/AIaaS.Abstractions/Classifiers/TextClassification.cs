namespace AIaaS.Classifiers;

/// <summary>A text's category and every category's probability, in the classifier's label order.</summary>
public sealed record TextClassification(string Category, IReadOnlyDictionary<string, float> Scores);
