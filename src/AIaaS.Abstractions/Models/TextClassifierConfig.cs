namespace AIaaS.Models;

/// <summary>
/// <c>text_classifier</c> in a model's <c>config.json</c> (ours): the model is a classification
/// head over sentence embeddings, trained by the service from a tenant's examples or built from
/// label descriptions (zero-shot). <c>POST /v1/models/{name}/text-classification</c> embeds the
/// text with <see cref="Embedding"/> and runs the head; the training figures are its record.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.text-classifier-config")]
public sealed record TextClassifierConfig
{
    /// <summary>The embedding pipeline whose FP32 <c>[N, width]</c> output the head takes.</summary>
    [Id(0)] public string Embedding { get; init; } = "";

    /// <summary>The head's FP32 <c>[N, width]</c> input.</summary>
    [Id(1)] public string Input { get; init; } = "";

    /// <summary>The head's FP32 <c>[N, labels]</c> output of class probabilities.</summary>
    [Id(2)] public string ProbabilitiesOutput { get; init; } = "";

    /// <summary>The categories, in the order of the probabilities' columns.</summary>
    [Id(3)] public string[] Labels { get; init; } = [];

    /// <summary><c>examples</c> (trained on labelled texts) or <c>zero-shot</c> (from label descriptions).</summary>
    [Id(4)] public string Method { get; init; } = "";

    /// <summary>Labelled texts the head was trained on (0 for zero-shot).</summary>
    [Id(5)] public int Examples { get; init; }

    /// <summary>Of those, how many were held out to measure <see cref="Accuracy"/> before the final fit on all of them.</summary>
    [Id(6)] public int HeldOut { get; init; }

    /// <summary>Share of held-out texts classified right; null when none could be held out.</summary>
    [Id(7)] public double? Accuracy { get; init; }

    [Id(8)] public DateTimeOffset? TrainedAt { get; init; }
}
