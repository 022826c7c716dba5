using System.Net;
using System.Text.Json;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;
using AIaaS.Testing.Ocr;

namespace AIaaS.EndToEnd.Tests.Ocr;

/// <summary>
/// The <c>ocr</c> pipeline across silo processes: a front, a CPU worker and a worker declared a GPU
/// silo, clustered through Redis. The PP-OCR models (<c>accelerator: auto</c>) are placed on the
/// GPU silo and the processors (<c>cpu</c>) on the CPU worker, so every page's tensors cross
/// between silos as payloads, step after step, and the answer must still be exact.
/// </summary>
public sealed class OcrAcrossSilosTests
{
    [Fact(Timeout = 300_000)]
    public async Task Ocr_StepsOnTwoWorkersThroughAFront_ReadsEveryLineInOrder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(290));
        var ct = timeout.Token;
        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions { Workers = 1 }, ct);
        var gpu = await cluster.StartWorkerAsync(["--AIaaS:Accelerator=cuda", "--AIaaS:GpuMemoryMb=8000"], TimeSpan.FromSeconds(60), ct);
        var cpu = cluster.Workers[0];
        var pipeline = OcrRepository.Prepare(cluster.ModelRepository);
        foreach (var step in pipeline.EnsembleScheduling!.Step.Select(s => s.ModelName).Distinct())
        {
            await cluster.LoadModelAsync(step, ct);
        }

        await cluster.LoadModelAsync(pipeline.Name, ct);
        var page = TestPage.Render(800, 300, 0,
            ("Invoice number 4711", 40, 80, TestPage.SerifFamily),
            ("北京欢迎你", 40, 200, TestPage.ChineseFamily));

        using var http = new HttpClient { BaseAddress = cluster.Front.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsync("v1/ocr", new ByteArrayContent(page.Png), ct);

        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}\n{cluster.Describe()}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal(["Invoice number 4711", "北京欢迎你"], json.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()));

        // Where the steps ran: the models on the GPU silo, the processors on the CPU worker, none on the front.
        var snapshot = await cluster.GetSnapshotAsync(ct);
        string[] On(SiloProcess silo) => [.. snapshot.Silos.Single(s => s.Port == silo.SiloPort).Replicas.Select(r => r.Model).Distinct().Order()];
        Assert.Equal(["ppocr-cls", "ppocr-det", "ppocr-rec"], On(gpu));
        Assert.Contains("ocr-decode", On(cpu));
        Assert.Contains("ocr-ctc", On(cpu));
        Assert.Empty(On(cluster.Front));
    }
}
