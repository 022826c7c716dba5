namespace AIaaS.Models;

/// <summary>
/// <c>tabular</c> in a model's <c>config.json</c> (ours): the model takes rows of named features,
/// as <c>POST /v1/models/{name}/predict</c> sends them. The feature names and their order are the
/// model's, never the caller's: a row's values go into <see cref="Input"/> in the order of
/// <see cref="Features"/>, whatever the order of the keys in the request.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.tabular-config")]
public sealed record TabularConfig
{
    /// <summary>The FP32 input <c>[N, features]</c> that takes the rows.</summary>
    [Id(0)] public string Input { get; init; } = "";

    /// <summary>The feature names, in the order of the input's columns.</summary>
    [Id(1)] public string[] Features { get; init; } = [];

    /// <summary>The FP32 output <c>[N, labels]</c> of class probabilities.</summary>
    [Id(2)] public string ProbabilitiesOutput { get; init; } = "";

    /// <summary>The class names, in the order of the probabilities' columns.</summary>
    [Id(3)] public string[] Labels { get; init; } = [];

    /// <summary>
    /// A BYTES output <c>[N, 1]</c> holding the model's own predicted label; absent means the label
    /// with the highest probability (the first of equals) is the prediction.
    /// </summary>
    [Id(4)] public string? LabelOutput { get; init; }
}
