using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AIaaS.Testing.Ocr;

namespace AIaaS.Http.Tests.Ocr;

/// <summary>
/// The <c>ocr</c> pipeline end to end over <c>POST /v1/ocr</c>, on pages rendered in code: the real
/// PP-OCR models and the C# processors, each step through its own model's scheduler.
/// </summary>
[Collection(OcrSiloCollection.Name)]
public sealed class OcrEndpointTests(OcrSiloFixture silo)
{
    [Fact(Timeout = 120_000)]
    public async Task Ocr_EnglishPage_ReturnsEachLineInReadingOrder()
    {
        var page = TestPage.Render(800, 400, 0,
            ("Invoice number 4711", 40, 80, TestPage.SerifFamily),
            ("Total due: 128.50 EUR", 40, 180, TestPage.SerifFamily),
            ("Thank you", 420, 300, TestPage.SerifFamily));

        AssertLines(page, await OcrAsync(page.Png));
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_ChinesePage_ReturnsEachLineInReadingOrder()
    {
        var page = TestPage.Render(700, 420, 0,
            ("识别中文文本", 40, 80, TestPage.ChineseFamily),
            ("今天天气很好", 40, 180, TestPage.ChineseFamily),
            ("北京欢迎你", 300, 300, TestPage.ChineseFamily));

        AssertLines(page, await OcrAsync(page.Png));
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_UpsideDownPage_ReadsTurnedLinesInReadingOrder()
    {
        var page = TestPage.Render(800, 400, 180,
            ("Invoice number 4711", 40, 80, TestPage.SerifFamily),
            ("Total due: 128.50 EUR", 40, 180, TestPage.SerifFamily),
            ("识别中文文本", 40, 300, TestPage.ChineseFamily));

        AssertLines(page, await OcrAsync(page.Png));
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_PageTurnedFiveDegrees_ReadsEachLine()
    {
        var page = TestPage.Render(800, 460, 5,
            ("Invoice number 4711", 60, 110, TestPage.SerifFamily),
            ("Total due: 128.50 EUR", 60, 220, TestPage.SerifFamily),
            ("今天天气很好", 60, 330, TestPage.ChineseFamily));

        AssertLines(page, await OcrAsync(page.Png));
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_BlankPage_ReturnsNoLines()
    {
        var page = TestPage.Render(640, 480, 0);

        Assert.Empty(await OcrAsync(page.Png));
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_MultipartUpload_ReadsTheFilePart()
    {
        var page = TestPage.Render(600, 160, 0, ("Thank you", 40, 90, TestPage.SerifFamily));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(page.Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "image", "page.png");

        using var response = await silo.Client.PostAsync("v1/ocr", form);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        AssertLines(page, [.. json.RootElement.GetProperty("lines").EnumerateArray()]);
    }

    internal static void AssertLines(TestPage page, JsonElement[] lines)
    {
        Assert.Equal(page.Lines.Select(l => l.Text), lines.Select(l => l.GetProperty("text").GetString()));
        for (var i = 0; i < lines.Length; i++)
        {
            var box = lines[i].GetProperty("box").EnumerateArray().Select(p => (X: p[0].GetSingle(), Y: p[1].GetSingle())).ToArray();
            Assert.Null(page.BoxMismatch(i, box));
            Assert.InRange(lines[i].GetProperty("confidence").GetSingle(), 0.8f, 1f);
        }
    }

    internal async Task<JsonElement[]> OcrAsync(byte[] image)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await silo.Client.PostAsync("v1/ocr", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.Clone())];
    }
}
