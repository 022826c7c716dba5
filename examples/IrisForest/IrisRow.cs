using Microsoft.ML.Data;

namespace AIaaS.Examples.IrisForest;

/// <summary>One flower of the Iris data: its four measurements (cm) in <see cref="IrisDataSet.FeatureNames"/> order, and its species.</summary>
public sealed class IrisRow
{
    [VectorType(4)]
    public float[] Features { get; set; } = [];

    public string Label { get; set; } = "";
}
