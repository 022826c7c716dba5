using Microsoft.ML.Data;

namespace AIaaS.Examples.IrisForest;

/// <summary>ML.NET's own prediction for one row: the species and the probability of each class, in <see cref="IrisForestModel.Labels"/> order.</summary>
public sealed class IrisPrediction
{
    [ColumnName("PredictedLabel")]
    public string Label { get; set; } = "";

    [ColumnName("Score")]
    public float[] Probabilities { get; set; } = [];
}
