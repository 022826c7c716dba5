using System.Net;
using System.Text;

namespace AIaaS.Http.Tests;

/// <summary>Bodies over <c>AIaaS:Http:MaxRequestBodyBytes</c> get 413, whether or not they announce their length.</summary>
public sealed class RequestBodyLimitTests(SmallLimitsSiloFixture silo) : IClassFixture<SmallLimitsSiloFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Infer_BodyUnderLimit_ReturnsExactResult()
    {
        using var response = await silo.Client.PostAsync($"v2/models/{HttpTestRepository.Scale}/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [2, 4], new[] { 1f, -2f, 0.5f, 3f, 0f, 10f, -0.25f, 7f })]));

        var output = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("outputs").EnumerateArray());
        Assert.Equal([2L, 4L], OipJson.Shape(output));
        Assert.Equal([2f, -4f, 1f, 6f, 0f, 20f, -0.5f, 14f], OipJson.Floats(output));
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_BodyOverLimitWithContentLength_Returns413NamingLimit()
    {
        using var content = OipJson.Body(LargeRequest());
        Assert.True(content.Headers.ContentLength > SmallLimitsSiloFixture.Limit);

        using var response = await silo.Client.PostAsync($"v2/models/{HttpTestRepository.Scale}/infer", content);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, $"{SmallLimitsSiloFixture.Limit} bytes");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_ChunkedBodyOverLimit_Returns413NamingLimit()
    {
        // No Content-Length: the limit must hold while the body streams in.
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(LargeRequest())));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{HttpTestRepository.Scale}/infer") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await silo.Client.SendAsync(request);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, $"{SmallLimitsSiloFixture.Limit} bytes");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_AfterOversizedBody_SiloStillServes()
    {
        using (var rejected = await silo.Client.PostAsync($"v2/models/{HttpTestRepository.Scale}/infer", OipJson.Body(LargeRequest())))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rejected.StatusCode);
        }

        using var response = await silo.Client.PostAsync($"v2/models/{HttpTestRepository.Scale}/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 4], new[] { 1f, 2f, 3f, 4f })]));

        var output = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("outputs").EnumerateArray());
        Assert.Equal([2f, 4f, 6f, 8f], OipJson.Floats(output));
    }

    // About 4x the limit: small enough that the loopback socket takes the whole body before the
    // server answers, so the client reads the 413 rather than a reset connection.
    private static string LargeRequest() =>
        OipJson.RequestJson([OipJson.Input("x", "FP32", [8, 4], Enumerable.Range(0, 32).Select(i => i + 0.123456f).ToArray())], id: new string('a', 16_000));
}
