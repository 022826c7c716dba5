using AIaaS.Models;
using Microsoft.ML;

namespace AIaaS.Examples.IrisForest;

/// <summary>
/// A trained Iris forest: ML.NET's model (one FastForest per class, one-versus-all, calibrated and
/// normalised to probabilities), its own predictions, and its ONNX export as the repository serves it.
/// </summary>
public sealed class IrisForestModel
{
    /// <summary>The served graph's input: FP32 <c>[N, 4]</c> in <see cref="IrisDataSet.FeatureNames"/> order.</summary>
    public const string InputName = "features";

    /// <summary>The served graph's predicted species: BYTES (strings) <c>[N, 1]</c>.</summary>
    public const string LabelOutputName = "label";

    /// <summary>The served graph's class probabilities: FP32 <c>[N, 3]</c> in <see cref="Labels"/> order.</summary>
    public const string ProbabilitiesOutputName = "probabilities";

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly PredictionEngine<IrisFeatures, IrisPrediction> _engine;

    internal IrisForestModel(MLContext ml, ITransformer model, IReadOnlyList<string> labels)
    {
        _ml = ml;
        _model = model;
        Labels = labels;
        _engine = ml.Model.CreatePredictionEngine<IrisFeatures, IrisPrediction>(model);
    }

    /// <summary>The species, in the order of the probabilities (ML.NET's key order: first seen in the training data).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>ML.NET's own prediction (not thread-safe: one caller at a time).</summary>
    public IrisPrediction Predict(float[] features) => _engine.Predict(new IrisFeatures { Features = features });

    /// <summary>
    /// The ONNX graph (ai.onnx.ml's TreeEnsembleRegressor and friends) with plain tensor inputs and
    /// outputs: <see cref="InputName"/>, <see cref="LabelOutputName"/>, <see cref="ProbabilitiesOutputName"/>.
    /// </summary>
    public byte[] ExportOnnx()
    {
        // Exported over data holding the features alone: every column of it becomes a graph input.
        var schema = _ml.Data.LoadFromEnumerable([new IrisFeatures { Features = new float[IrisDataSet.FeatureNames.Count] }]);
        using var stream = new MemoryStream();
        _ml.Model.ConvertToOnnx(_model, schema, stream, "PredictedLabel", "Score");
        return OnnxGraphOutputs.KeepAndRename(
            stream.ToArray(),
            new Dictionary<string, string>
            {
                ["Features"] = InputName,
                ["PredictedLabel.output"] = LabelOutputName,
                ["Score.output"] = ProbabilitiesOutputName,
            },
            ["PredictedLabel.output", "Score.output"]);
    }

    /// <summary>The repository configuration that serves the export: batched, with the feature and label names for <c>/predict</c>.</summary>
    public ModelConfig Config(string name) => new()
    {
        Name = name,
        Platform = ModelPlatforms.Onnx,
        MaxBatchSize = IrisForestTrainer.MaxBatchSize,
        DynamicBatching = new DynamicBatchingConfig(),
        Tabular = new TabularConfig
        {
            Input = InputName,
            Features = [.. IrisDataSet.FeatureNames],
            ProbabilitiesOutput = ProbabilitiesOutputName,
            Labels = [.. Labels],
            LabelOutput = LabelOutputName,
        },
    };
}
