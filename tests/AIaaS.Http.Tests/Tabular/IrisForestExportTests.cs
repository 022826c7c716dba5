using AIaaS.Examples.IrisForest;
using Microsoft.ML.OnnxRuntime;

namespace AIaaS.Http.Tests.Tabular;

/// <summary>The exported graph in ONNX Runtime itself, without a server: plain tensors, and ML.NET's answers for every row.</summary>
public sealed class IrisForestExportTests
{
    [Fact]
    public void ExportOnnx_EveryIrisRow_OnnxRuntimeAgreesWithMlNet()
    {
        var rows = IrisDataSet.Load();
        var forest = IrisForestTrainer.Train(rows);
        using var session = new InferenceSession(forest.ExportOnnx());

        Assert.Equal([IrisForestModel.InputName], session.InputMetadata.Keys);
        Assert.Equal([IrisForestModel.LabelOutputName, IrisForestModel.ProbabilitiesOutputName], session.OutputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.All(session.OutputMetadata.Values, o => Assert.Equal(OnnxValueType.ONNX_TYPE_TENSOR, o.OnnxValueType));
        Assert.Equal([-1, 4], session.InputMetadata[IrisForestModel.InputName].Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata[IrisForestModel.ProbabilitiesOutputName].Dimensions);

        var values = rows.SelectMany(r => r.Features).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(values, [rows.Count, 4]);
        using var outputs = session.Run(new RunOptions(), [IrisForestModel.InputName], [input], [IrisForestModel.LabelOutputName, IrisForestModel.ProbabilitiesOutputName]);
        var probabilities = outputs[1].GetTensorDataAsSpan<float>().ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            var expected = forest.Predict(rows[i].Features);
            Assert.Equal(expected.Label, outputs[0].GetStringElement(i));
            OipJson.AssertClose(expected.Probabilities, probabilities.AsSpan(i * 3, 3), 1e-5);
        }

        Assert.Equal(["setosa", "versicolor", "virginica"], forest.Labels);
    }

    [Fact]
    public void Load_TheCommittedCsv_IsFishersIris()
    {
        var rows = IrisDataSet.Load();

        Assert.Equal(150, rows.Count);
        Assert.All(rows.GroupBy(r => r.Label), g => Assert.Equal(50, g.Count()));
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], rows[0].Features);
        Assert.Equal("setosa", rows[0].Label);
        Assert.Equal([4.9f, 3.1f, 1.5f, 0.2f], rows[34].Features);
        Assert.Equal([5.9f, 3.0f, 5.1f, 1.8f], rows[149].Features);
        Assert.Equal("virginica", rows[149].Label);
    }
}
