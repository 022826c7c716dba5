using System.Globalization;
using AIaaS.Client;
using AIaaS.Errors;
using AIaaS.Testing;
using AIaaS.Testing.Ocr;

namespace AIaaS.EndToEnd.Tests;

/// <summary>
/// The catalog's <c>ocr</c> pipeline in the shared embedded silo process, read the two ways a
/// program or a person reads it: the SDK's <c>OcrAsync</c> through the gateway, and <c>aiaas ocr</c>
/// run as a process over HTTP and over the SDK.
/// </summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class OcrCommandTests(EmbeddedSiloFixture fixture) : IDisposable
{
    private static readonly TestPage English = TestPage.Render(800, 400, 0,
        ("Invoice number 4711", 40, 80, TestPage.SerifFamily),
        ("Total due: 128.50 EUR", 40, 180, TestPage.SerifFamily),
        ("Thank you", 420, 300, TestPage.SerifFamily));

    private static readonly TestPage UpsideDown = TestPage.Render(800, 400, 180,
        ("Order 2026-12-04", 40, 80, TestPage.SerifFamily),
        ("识别中文文本", 40, 220, TestPage.ChineseFamily));

    private readonly TemporaryDirectory _files = new("aiaas-e2e-ocr");

    private string Url => fixture.Silo.BaseAddress.AbsoluteUri.TrimEnd('/');

    [Fact(Timeout = 120_000)]
    public async Task OcrAsync_ThroughTheGateway_ReturnsEachLineInReadingOrder()
    {
        await WaitForPipelineAsync();
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);

        foreach (var page in new[] { English, UpsideDown })
        {
            using var image = new MemoryStream(page.Png, writable: false);
            var lines = await sdk.Inference.OcrAsync(image);

            Assert.Equal(page.Lines.Select(l => l.Text), lines.Select(l => l.Text));
            Assert.All(lines, l => Assert.InRange(l.Confidence, 0.8f, 1f));
            Assert.All(Enumerable.Range(0, lines.Count), i => Assert.Null(page.BoxMismatch(i, [.. lines[i].Box.Select(p => (p[0], p[1]))])));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task OcrAsync_CorruptImage_InvalidArgumentNamingTheImage()
    {
        await WaitForPipelineAsync();
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);
        using var image = new MemoryStream(English.Png[..200], writable: false);

        var error = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.OcrAsync(image));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("input 'image' is a truncated Png file (200 bytes for a 800x400 image)", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_TwoImagesOverHttp_PrintsEachImagesLinesInReadingOrder()
    {
        await WaitForPipelineAsync();
        var english = await WriteAsync("english.png", English.Png);
        var upsideDown = await WriteAsync("upside-down.png", UpsideDown.Png);

        var result = await CliProcess.RunAsync("ocr", english, upsideDown, "--url", Url);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [$"{english}: 3 line(s)", .. English.Lines.Select(l => l.Text), $"{upsideDown}: 2 line(s)", .. UpsideDown.Lines.Select(l => l.Text)],
            PrintedTexts(result.Stdout));
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_ThroughSdkWithOneCorruptImage_PrintsTheGoodOneAndFailsNamingTheBadOne()
    {
        await WaitForPipelineAsync();
        var corrupt = await WriteAsync("corrupt.png", English.Png[..200]);
        var english = await WriteAsync("english.png", English.Png);

        var result = await CliProcess.RunAsync("ocr", corrupt, english, "--gateway-port", fixture.Silo.GatewayPort.ToString(CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{corrupt}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("input 'image' is a truncated Png file (200 bytes for a 800x400 image) [InvalidArgument]", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([$"{english}: 3 line(s)", .. English.Lines.Select(l => l.Text)], PrintedTexts(result.Stdout));
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Each image's heading, then each line's text: a line is printed as
    /// <c>confidence [x,y x,y x,y x,y] text</c>, and a confidence that does not parse fails the test.
    /// </summary>
    private static List<string> PrintedTexts(string stdout)
    {
        var texts = new List<string>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.EndsWith("line(s)", StringComparison.Ordinal))
            {
                texts.Add(line);
                continue;
            }

            var confidence = float.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            Assert.InRange(confidence, 0.8f, 1f);
            texts.Add(line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..]);
        }

        return texts;
    }

    private async Task<string> WriteAsync(string name, byte[] bytes)
    {
        var path = _files.Combine(name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    /// <summary>The silo reports ready before every model is: a pipeline loads after its steps.</summary>
    private async Task WaitForPipelineAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(await http.GetAsync(new Uri("v2/models/ocr/ready", UriKind.Relative))).IsSuccessStatusCode)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ocr pipeline did not become ready in 90 s");
            await Task.Delay(200);
        }
    }
}
