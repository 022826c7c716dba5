namespace AIaaS.Classification;

/// <summary>One training example: a text and its category.</summary>
public sealed record LabelledText(string Text, string Label);
