namespace AIaaS.Classification;

/// <summary>One training example: a text and its category.</summary>
internal sealed record LabelledText(string Text, string Label);
