using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AIaaS.Testing.Ocr;

namespace AIaaS.Http.Tests.Ocr;

/// <summary>Images that cannot be read get a 400 naming the problem, and the silo serves on.</summary>
[Collection(OcrSiloCollection.Name)]
public sealed class OcrBadImageTests(OcrSiloFixture silo)
{
    [Fact(Timeout = 120_000)]
    public async Task Ocr_NotAnImage_Returns400AndTheSiloServesOn()
    {
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);

        await AssertBadRequestAsync(noise, "input 'image' (4096 bytes) is not a PNG or JPEG image");
        await AssertStillServesAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_TruncatedPng_Returns400AndTheSiloServesOn()
    {
        var page = TestPage.Render(640, 320, 0, ("Thank you", 40, 90, TestPage.SerifFamily)).Png;

        await AssertBadRequestAsync(page[..(page.Length / 2)], $"input 'image' is a truncated Png file ({page.Length / 2} bytes for a 640x320 image)");
        await AssertStillServesAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_PngClaimingTooManyPixels_Returns400BeforeDecoding()
    {
        // A decompression bomb's header: 30000 x 30000 pixels (900 MP; the catalog's limit is 25 MP).
        var png = TestPage.Render(64, 64, 0).Png;
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 30000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 30000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));

        await AssertBadRequestAsync(png, "input 'image' is 30000x30000 = 900000000 pixels, more than the 25000000 this pipeline accepts (max_pixels)");
        await AssertStillServesAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Ocr_EmptyBody_Returns400()
    {
        await AssertBadRequestAsync([], "the request has no image: send a PNG or JPEG file as the body or as a multipart file");
    }

    private async Task AssertBadRequestAsync(byte[] body, string expected)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await silo.Client.PostAsync("v1/ocr", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.EndsWith(expected, json.RootElement.GetProperty("error").GetString());
    }

    private async Task AssertStillServesAsync()
    {
        var page = TestPage.Render(600, 160, 0, ("Thank you", 40, 90, TestPage.SerifFamily));
        OcrEndpointTests.AssertLines(page, await new OcrEndpointTests(silo).OcrAsync(page.Png));
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
