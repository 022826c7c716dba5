using AIaaS.Repository;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AIaaS.Examples.IrisForest;

/// <summary>
/// Trains the Iris forest with ML.NET and writes it into a model repository. FastForest is a
/// binary classifier, so the three species are three forests, one versus all, each calibrated
/// (Platt) and the three probabilities normalised to sum to 1: that is ML.NET's
/// <c>OneVersusAll(useProbabilities: true)</c>, and it exports to ONNX.
/// </summary>
public static class IrisForestTrainer
{
    /// <summary>The name the repository serves the forest under.</summary>
    public const string ModelName = "iris";

    /// <summary>The served configuration's <c>max_batch_size</c>, and so the most rows one <c>/predict</c> takes.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>Trains on <paramref name="rows"/>; the same rows and seed give the same forest.</summary>
    public static IrisForestModel Train(IReadOnlyList<IrisRow> rows, int trees = 50, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        // Keys are fitted apart from the trainer and not exported: in the chain they would make the
        // species a graph input.
        var keyed = ml.Transforms.Conversion.MapValueToKey(nameof(IrisRow.Label)).Fit(data).Transform(data);
        var forest = ml.MulticlassClassification.Trainers
            .OneVersusAll(ml.BinaryClassification.Trainers.FastForest(numberOfTrees: trees), useProbabilities: true)
            .Fit(keyed);
        var scored = forest.Transform(keyed);
        var toLabel = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored);
        return new IrisForestModel(ml, new TransformerChain<ITransformer>(forest, toLabel), LabelNames(keyed.Schema[nameof(IrisRow.Label)]));
    }

    /// <summary>
    /// Writes <paramref name="model"/> as the next version of <see cref="ModelName"/> under
    /// <paramref name="repository"/> (<c>iris/{version}/model.onnx</c>) and its configuration
    /// (<c>iris/config.json</c>, replaced: its feature and label names are the model's).
    /// </summary>
    /// <returns>The version written.</returns>
    public static int WriteToRepository(IrisForestModel model, string repository, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelRepository(repository).WriteVersion(ModelName, model.Config(ModelName), model.ExportOnnx(), version);
    }

    private static string[] LabelNames(DataViewSchema.Column label)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
