namespace AIaaS.Models;

/// <summary>
/// What a model's <c>config.json</c> says, with the field names of Triton's model configuration
/// in its JSON form, plus ours (<c>accelerator</c>, <c>replicas</c>, <c>executors</c>).
/// Inputs and outputs come from the ONNX graph; <see cref="Input"/> and <see cref="Output"/>
/// may narrow them.
/// </summary>
[GenerateSerializer, Immutable, Alias("aiaas.model-config")]
public sealed record ModelConfig
{
    [Id(0)] public string Name { get; init; } = "";

    [Id(1)] public string Platform { get; init; } = "onnxruntime_onnx";

    /// <summary>Largest batch the model accepts on its first axis; 0 means the model has no batch axis.</summary>
    [Id(2)] public int MaxBatchSize { get; init; }

    /// <summary>Present means requests are batched dynamically; absent means each runs alone.</summary>
    [Id(3)] public DynamicBatchingConfig? DynamicBatching { get; init; }

    /// <summary>Present means the model is stateful and called through sessions.</summary>
    [Id(4)] public SequenceBatchingConfig? SequenceBatching { get; init; }

    [Id(5)] public VersionPolicy? VersionPolicy { get; init; }

    /// <summary><c>gpu</c>, <c>cpu</c> or <c>auto</c>.</summary>
    [Id(6)] public string Accelerator { get; init; } = ModelAccelerators.Auto;

    /// <summary>Replica grains serving each loaded version.</summary>
    [Id(7)] public int Replicas { get; init; } = 1;

    /// <summary>Batches one replica runs at once on its one ONNX Runtime session.</summary>
    [Id(8)] public int Executors { get; init; } = 1;

    /// <summary>GPU memory one replica needs, for placement; 0 when unknown.</summary>
    [Id(9)] public int GpuMemoryMb { get; init; }

    /// <summary>Declared inputs (Triton's <c>input</c>); absent ones are served as the graph declares them.</summary>
    [Id(10)] public ModelTensorConfig[]? Input { get; init; }

    /// <summary>Declared outputs (Triton's <c>output</c>).</summary>
    [Id(11)] public ModelTensorConfig[]? Output { get; init; }

    /// <summary>Present means the replica count follows the load (see <see cref="AutoscalingConfig"/>); absent means it stays at <see cref="Replicas"/>.</summary>
    [Id(12)] public AutoscalingConfig? Autoscaling { get; init; }

    // Ids from 20 on: pipelines and processors (issue 15), apart from other additions.

    /// <summary>With <c>platform: "aiaas_processor"</c>: which built-in processor the model runs.</summary>
    [Id(20)] public string? Processor { get; init; }

    /// <summary>Triton's <c>parameters</c> map; a processor's settings.</summary>
    [Id(21)] public IReadOnlyDictionary<string, ModelParameter>? Parameters { get; init; }

    /// <summary>With <c>platform: "ensemble"</c>: the pipeline's steps.</summary>
    [Id(22)] public EnsembleSchedulingConfig? EnsembleScheduling { get; init; }

    // Ids from 30 on: text and tabular services (issue 16).

    /// <summary>Present means the model takes rows of named features (<c>POST /v1/models/{name}/predict</c>).</summary>
    [Id(30)] public TabularConfig? Tabular { get; init; }

    /// <summary>Present means the model is a text classifier's head (<c>POST /v1/models/{name}/text-classification</c>).</summary>
    [Id(31)] public TextClassifierConfig? TextClassifier { get; init; }
}
