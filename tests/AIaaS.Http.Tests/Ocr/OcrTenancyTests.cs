using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AIaaS.Testing.Ocr;

namespace AIaaS.Http.Tests.Ocr;

/// <summary>
/// <c>POST /v1/ocr</c> is held to the caller's tenant like any call to the <c>ocr</c> pipeline:
/// a tenant not entitled to it is refused, one entitled to it is metered for it.
/// </summary>
[Collection(OcrSiloCollection.Name)]
public sealed class OcrTenancyTests(OcrSiloFixture silo)
{
    [Fact(Timeout = 120_000)]
    public async Task Ocr_WithTheKeyOfATenant_RefusedUnlessEntitled_AndMeteredToIt()
    {
        var outsider = await CreateTenantAsync("ocr-outsider", "minilm");
        var reader = await CreateTenantAsync("ocr-reader", "ocr");
        var page = TestPage.Render(600, 200, 0, ("Metered page", 40, 80, TestPage.SerifFamily));

        var (refused, refusal) = await OcrAsync(page.Png, outsider);
        var (served, _) = await OcrAsync(page.Png, reader);

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("tenant 'ocr-outsider' is not entitled to model 'ocr'", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long requests;
        while ((requests = await MeteredRequestsAsync("ocr-reader", "ocr")) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(1, requests);
        Assert.Equal(0, await MeteredRequestsAsync("ocr-outsider", "ocr"));
    }

    private async Task<string> CreateTenantAsync(string id, string model)
    {
        using var created = await silo.Client.PostAsJsonAsync("admin/tenants", new { id, models = new[] { model } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var key = await silo.Client.PostAsync($"admin/tenants/{id}/keys", null);
        using var document = JsonDocument.Parse(await key.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("key").GetString()!;
    }

    private async Task<(HttpStatusCode Status, string Body)> OcrAsync(byte[] png, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/ocr") { Content = new ByteArrayContent(png) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await silo.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> MeteredRequestsAsync(string tenant, string model)
    {
        using var usage = JsonDocument.Parse(await silo.Client.GetStringAsync($"admin/usage?tenant={tenant}"));
        return usage.RootElement.GetProperty("usage").EnumerateArray()
            .Where(r => r.GetProperty("tenant").GetString() == tenant && r.GetProperty("model").GetString() == model)
            .Sum(r => r.GetProperty("requests").GetInt64());
    }
}
