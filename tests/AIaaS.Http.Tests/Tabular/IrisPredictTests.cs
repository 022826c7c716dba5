using System.Globalization;
using System.Net;
using System.Text.Json;
using AIaaS.Examples.IrisForest;

namespace AIaaS.Http.Tests.Tabular;

/// <summary>
/// <c>POST /v1/models/iris/predict</c> and OIP infer on the forest trained in the fixture, over
/// real HTTP on a real silo, against ML.NET's own PredictionEngine on the same model.
/// </summary>
[Collection(IrisSiloCollection.Name)]
public sealed class IrisPredictTests(IrisSiloFixture silo)
{
    private const double Tolerance = 1e-5;

    [Fact(Timeout = 30_000)]
    public async Task Predict_EveryIrisRowWithKeysInReverseOrder_EqualsMlNetsOwnPrediction()
    {
        // The caller's key order is the reverse of the model's: the model's order must win.
        var instances = silo.Rows.Select(r => Enumerable.Range(0, 4).Reverse()
            .ToDictionary(i => IrisDataSet.FeatureNames[i], i => r.Features[i])).ToArray();

        using var response = await silo.Client.PostAsync($"v1/models/{IrisSiloFixture.Model}/predict", OipJson.Body(new { instances }));
        var body = await OipJson.ReadAsync(response);

        var predictions = body.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(silo.Rows.Count, predictions.Length);
        var differentFromTruth = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            var expected = silo.Forest.Predict(silo.Rows[i].Features);
            AssertPrediction(expected, predictions[i], $"row {i}");
            differentFromTruth += expected.Label == silo.Rows[i].Label ? 0 : 1;
        }

        // A forest that learnt something: at most a handful of the training rows wrong.
        Assert.InRange(differentFromTruth, 0, 8);
    }

    [Fact(Timeout = 30_000)]
    public async Task Predict_PositionalRows_TakeTheModelsFeatureOrder()
    {
        int[] picked = [0, 60, 120];
        var instances = picked.Select(i => silo.Rows[i].Features).ToArray();

        using var response = await silo.Client.PostAsync($"v1/models/{IrisSiloFixture.Model}/predict", OipJson.Body(new { instances }));
        var predictions = (await OipJson.ReadAsync(response)).GetProperty("predictions").EnumerateArray().ToArray();

        Assert.Equal(["setosa", "versicolor", "virginica"], predictions.Select(p => p.GetProperty("label").GetString()));
        for (var i = 0; i < picked.Length; i++)
        {
            AssertPrediction(silo.Forest.Predict(silo.Rows[picked[i]].Features), predictions[i], $"row {picked[i]}");
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Infer_OipJson_ReturnsLabelAndProbabilitiesAsMlNet()
    {
        var rows = new[] { silo.Rows[10], silo.Rows[75], silo.Rows[140] };
        var data = rows.SelectMany(r => r.Features).ToArray();

        using var response = await silo.Client.PostAsync($"v2/models/{IrisSiloFixture.Model}/infer",
            OipJson.Request([OipJson.Input(IrisForestModel.InputName, "FP32", [3, 4], data)]));
        var body = await OipJson.ReadAsync(response);

        var label = OipJson.Output(body, IrisForestModel.LabelOutputName);
        Assert.Equal("BYTES", label.GetProperty("datatype").GetString());
        Assert.Equal([3L, 1L], OipJson.Shape(label));
        var probabilities = OipJson.Output(body, IrisForestModel.ProbabilitiesOutputName);
        Assert.Equal([3L, 3L], OipJson.Shape(probabilities));
        var expected = rows.Select(r => silo.Forest.Predict(r.Features)).ToArray();
        Assert.Equal(expected.Select(e => e.Label), OipJson.Strings(label.GetProperty("data")));
        OipJson.AssertClose(expected.SelectMany(e => e.Probabilities).ToArray(), OipJson.Floats(probabilities), Tolerance);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4}]}""", "instances[0] is missing feature 'petal_width'")]
    [InlineData("""{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2, "colour": 1}]}""", "instances[0] has unknown feature 'colour'")]
    [InlineData("""{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}, {"SepalLength": 5.1}]}""", "instances[1] has unknown feature 'SepalLength'; the model's features are sepal_length, sepal_width, petal_length, petal_width")]
    [InlineData("""{"instances": [{"sepal_length": "5.1", "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}""", "instances[0].sepal_length must be a number, not the string \"5.1\"")]
    [InlineData("""{"instances": [{"sepal_length": 5.1, "sepal_width": null, "petal_length": 1.4, "petal_width": 0.2}]}""", "instances[0].sepal_width must be a number, not null")]
    [InlineData("""{"instances": [{"sepal_length": 1e39, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}""", "instances[0].sepal_length 1e39 is outside the range of FP32")]
    [InlineData("""{"instances": [{"sepal_length": 5.1, "sepal_length": 5.2, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}""", "instances[0] gives feature 'sepal_length' twice")]
    [InlineData("""{"instances": [[5.1, 3.5, 1.4]]}""", "instances[0] has 3 values; the model takes 4, in this order: sepal_length, sepal_width, petal_length, petal_width")]
    [InlineData("""{"instances": [5.1]}""", "instances[0] must be an object of named features, not number")]
    [InlineData("""{"instances": []}""", "'instances' is empty")]
    [InlineData("""{"inputs": [{"sepal_length": 5.1}]}""", "unknown field 'inputs'")]
    [InlineData("""{}""", "request has no 'instances' array")]
    [InlineData("""{"instances": [{""", "request body is not valid JSON")]
    public async Task Predict_BadRows_400NamingWhatIsWrong(string body, string fragment)
    {
        using var response = await silo.Client.PostAsync($"v1/models/{IrisSiloFixture.Model}/predict", OipJson.Body(body));
        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, fragment);
    }

    [Fact(Timeout = 30_000)]
    public async Task Predict_MoreRowsThanMaxBatchSize_400BeforeAnyIsRead()
    {
        var instances = Enumerable.Repeat(silo.Rows[0].Features, IrisForestTrainer.MaxBatchSize + 1).ToArray();

        using var response = await silo.Client.PostAsync($"v1/models/{IrisSiloFixture.Model}/predict", OipJson.Body(new { instances }));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest,
            string.Create(CultureInfo.InvariantCulture, $"'instances' has {IrisForestTrainer.MaxBatchSize + 1} rows, more than the {IrisForestTrainer.MaxBatchSize} the model takes in one call"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Predict_UnknownModel_404()
    {
        using var response = await silo.Client.PostAsync("v1/models/no-such-forest/predict", OipJson.Body("""{"instances": [[1, 2, 3, 4]]}"""));
        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "unknown model 'no-such-forest'");
    }

    [Fact(Timeout = 30_000)]
    public async Task Predict_ModelWithoutFeatureNames_400SayingSo()
    {
        using var response = await silo.Client.PostAsync($"v1/models/{IrisSiloFixture.Untabular}/predict", OipJson.Body("""{"instances": [[1, 2, 3, 4]]}"""));
        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest,
            $"model '{IrisSiloFixture.Untabular}' has no feature names in its configuration", $"POST /v2/models/{IrisSiloFixture.Untabular}/infer");
    }

    private static void AssertPrediction(IrisPrediction expected, JsonElement actual, string what)
    {
        Assert.True(expected.Label == actual.GetProperty("label").GetString(), $"{what}: expected {expected.Label}, got {actual}");
        var probabilities = actual.GetProperty("probabilities").EnumerateObject().ToArray();
        Assert.Equal(["setosa", "versicolor", "virginica"], probabilities.Select(p => p.Name));
        OipJson.AssertClose(expected.Probabilities, probabilities.Select(p => p.Value.GetSingle()).ToArray(), Tolerance);
    }
}
