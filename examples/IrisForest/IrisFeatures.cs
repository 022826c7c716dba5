using Microsoft.ML.Data;

namespace AIaaS.Examples.IrisForest;

/// <summary>
/// What the exported graph takes: the features alone. The ONNX graph gets an input for every
/// column of the data it is exported with, so exporting with <see cref="IrisRow"/> would make the
/// species a required input.
/// </summary>
public sealed class IrisFeatures
{
    [VectorType(4)]
    public float[] Features { get; set; } = [];
}
