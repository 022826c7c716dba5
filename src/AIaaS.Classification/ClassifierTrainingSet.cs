namespace AIaaS.Classification;

/// <summary>
/// What a tenant sends to train a classifier: labelled examples, or (zero-shot) only a
/// description per label. With examples, descriptions are not used.
/// </summary>
internal sealed record ClassifierTrainingSet
{
    public const int MaxExamples = 10_000;
    public const int MaxLabels = 100;
    public const int MaxLabelLength = 100;
    public const int MaxTextBytes = 16_384;
    public const double DefaultHeldOut = 0.2;

    public IReadOnlyList<LabelledText> Examples { get; init; } = [];

    /// <summary>Label to description: the zero-shot classifier's only input.</summary>
    public IReadOnlyDictionary<string, string> Descriptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Share of each label's examples held out to measure accuracy, in [0, 0.5].</summary>
    public double HeldOut { get; init; } = DefaultHeldOut;

    public bool IsZeroShot => Examples.Count == 0;

    /// <summary>The categories in ordinal order: the order of the head's probabilities.</summary>
    public string[] Labels() =>
        [.. (IsZeroShot ? Descriptions.Keys : Examples.Select(e => e.Label)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
