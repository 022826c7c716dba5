using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace AIaaS.Classification;

/// <summary>
/// Trains a <see cref="LinearHead"/> on embeddings with ML.NET's L-BFGS maximum entropy
/// (multinomial logistic regression), whose probabilities are softmax(W x + b): its weights
/// and biases are the head, exported as they are.
/// </summary>
internal static class HeadTrainer
{
    /// <summary>
    /// Light L2 only: embeddings are unit vectors whose components are a few hundredths, and
    /// ML.NET's defaults (L1 and L2 of 1) shrink such a model to near zero.
    /// </summary>
    private const float L2 = 1e-3f;

    public static LinearHead Train(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int classes, int width) =>
        Extract(Fit(new MLContext(seed: 1), embeddings, labels, classes, width).Model, width);

    /// <summary>ML.NET's own model: what tests compare the exported head with.</summary>
    internal static MulticlassPredictionTransformer<MaximumEntropyModelParameters> Fit(MLContext ml, IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int classes, int width)
    {
        var data = Load(ml, embeddings, labels, classes, width);
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            L1Regularization = 0,
            L2Regularization = L2,
            OptimizationTolerance = 1e-8f,
            NumberOfThreads = 1,
        });
        return trainer.Fit(data);
    }

    /// <summary>The examples as ML.NET data: a fixed-width feature vector and a key label.</summary>
    internal static IDataView Load(MLContext ml, IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int classes, int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        // From objects, a key column takes class indices as they are (class c is c): written as
        // c + 1, every prediction came out one class off (LinearHeadTests pins this).
        return ml.Data.LoadFromEnumerable(embeddings.Select((e, i) => new Row { Features = e, Label = (uint)labels[i] }), schema);
    }

    private static LinearHead Extract(MaximumEntropyModelParameters model, int width)
    {
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out var classes);
        var flat = new float[classes * width];
        for (var c = 0; c < classes; c++)
        {
            weights[c].CopyTo(flat.AsSpan(c * width, width));
        }

        return new LinearHead(flat, [.. model.GetBiases()], width);
    }

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }
}
