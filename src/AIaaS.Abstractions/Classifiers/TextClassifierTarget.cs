using AIaaS.Models;

namespace AIaaS.Classifiers;

/// <summary>Where texts to classify go: the classifier block they are read by, and the version to pin (null: the model's traffic split).</summary>
public sealed record TextClassifierTarget(TextClassifierConfig Classifier, string? Version);
