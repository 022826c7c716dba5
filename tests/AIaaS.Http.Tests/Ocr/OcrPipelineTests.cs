using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AIaaS.Http.Tests.Protocol;
using AIaaS.Testing;
using AIaaS.Testing.Ocr;

namespace AIaaS.Http.Tests.Ocr;

/// <summary>The <c>ocr</c> pipeline as a model: over the Open Inference Protocol, with a step unloaded, and a pipeline that does not fit its steps.</summary>
[Collection(OcrSiloCollection.Name)]
public sealed class OcrPipelineTests(OcrSiloFixture silo)
{
    [Fact(Timeout = 120_000)]
    public async Task Infer_OcrWithBinaryImage_ReturnsTextConfidenceAndBoxes()
    {
        var page = TestPage.Render(800, 300, 0,
            ("Invoice number 4711", 40, 80, TestPage.SerifFamily),
            ("北京欢迎你", 40, 200, TestPage.ChineseFamily));
        var (body, headerLength) = new BinaryTensorRequest()
            .Binary("image", "BYTES", [1], BytesTensorData.Encode(page.Png))
            .Build();
        using var content = new ByteArrayContent(body);
        content.Headers.Add("Inference-Header-Content-Length", headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await silo.Client.PostAsync("v2/models/ocr/infer", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var outputs = json.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o.Clone());
        Assert.Equal(["boxes", "confidence", "text"], outputs.Keys.Order());
        Assert.Equal(["Invoice number 4711", "北京欢迎你"], outputs["text"].GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2L, 4L, 2L], outputs["boxes"].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("BYTES", outputs["text"].GetProperty("datatype").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_AfterARequest_StatisticsCountThePipelineAndMetricsEachStep()
    {
        var page = TestPage.Render(600, 160, 0, ("Thank you", 40, 90, TestPage.SerifFamily));
        using (var content = new ByteArrayContent(page.Png))
        using (var ocr = await silo.Client.PostAsync("v1/ocr", content))
        {
            Assert.Equal(HttpStatusCode.OK, ocr.StatusCode);
        }

        using var stats = JsonDocument.Parse(await silo.Client.GetStringAsync("v2/models/ocr/stats"));
        var entry = Assert.Single(stats.RootElement.GetProperty("model_stats").EnumerateArray());
        Assert.True(entry.GetProperty("inference_stats").GetProperty("success").GetProperty("count").GetInt64() >= 1);
        var metrics = (await silo.Client.GetStringAsync("metrics")).Split('\n');
        foreach (var step in new[] { "ocr-decode", "ppocr-det", "ocr-det-post", "ppocr-cls", "ocr-direction", "ppocr-rec", "ocr-ctc" })
        {
            Assert.Contains(metrics, line => line.StartsWith("aiaas_pipeline_step_duration_seconds_count{", StringComparison.Ordinal)
                && line.Contains($"step_model=\"{step}\"", StringComparison.Ordinal)
                && line.Contains("model=\"ocr\"", StringComparison.Ordinal)
                && line.Contains("outcome=\"success\"", StringComparison.Ordinal));
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Ocr_StepModelUnloaded_Returns503NamingTheStep()
    {
        using (var unload = await silo.Client.PostAsync("v2/repository/models/ppocr-cls/unload", null))
        {
            Assert.Equal(HttpStatusCode.OK, unload.StatusCode);
        }

        try
        {
            var page = TestPage.Render(600, 160, 0, ("Thank you", 40, 90, TestPage.SerifFamily));
            using var content = new ByteArrayContent(page.Png);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var response = await silo.Client.PostAsync("v1/ocr", content);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {text}");
            using var json = JsonDocument.Parse(text);
            Assert.StartsWith("pipeline 'ocr' ensemble_scheduling.step[5] (model 'ppocr-cls'): ", json.RootElement.GetProperty("error").GetString());
        }
        finally
        {
            using var load = await silo.Client.PostAsync("v2/repository/models/ppocr-cls/load", null);
            await silo.WaitUntilReadyAsync("ppocr-cls");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Load_PipelineWhoseStepReadsTheWrongTensor_IsRefusedNamingStepAndTensor()
    {
        using var response = await silo.Client.PostAsync($"v2/repository/models/{OcrSiloFixture.MismatchedPipeline}/load", null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.False(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        Assert.Contains(
            "ensemble_scheduling.step[5] (model 'ppocr-cls'): input 'x' reads tensor 'pixels', which ensemble_scheduling.step[0] (model 'ocr-decode') writes as UINT8 [-1, -1, 3], but the model takes FP32 [-1, 3, 48, 192] (datatypes differ)",
            json.RootElement.GetProperty("error").GetString());
    }
}
