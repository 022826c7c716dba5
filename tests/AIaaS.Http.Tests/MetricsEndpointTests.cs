using System.Globalization;
using System.Text.RegularExpressions;

namespace AIaaS.Http.Tests;

/// <summary>
/// <c>/metrics</c> of the silo executable, in a process of its own: in-process hosts would share
/// OpenTelemetry's view of the <c>AIaaS.Inference</c> meter (one per host, same name), and a host
/// of another test class stopping would drop this one's series.
/// </summary>
public sealed partial class MetricsEndpointTests(SiloProcessFixture fixture) : IClassFixture<SiloProcessFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact(Timeout = 60_000)]
    public async Task GetMetrics_AfterInfers_ExportsRequestCountDurationHistogramAndOrleansSeries()
    {
        // Only this class uses this process and its tests run one at a time: only these requests move the counter now.
        var before = SuccessCount(await Client.GetStringAsync("metrics"));
        for (var i = 0; i < 3; i++)
        {
            using var response = await Client.PostAsync("v2/models/ppocr-cls/infer",
                OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 48, 192], TestInputs.Uniform(seed: 30 + i, 3 * 48 * 192))]));
            await OipJson.ReadAsync(response);
        }

        // The exporter may serve a cached scrape for a moment; ask until it reflects the requests.
        var text = await Client.GetStringAsync("metrics");
        for (var attempt = 0; attempt < 50 && SuccessCount(text) < before + 3; attempt++)
        {
            await Task.Delay(100);
            text = await Client.GetStringAsync("metrics");
        }

        Assert.Equal(before + 3, SuccessCount(text));
        Assert.Matches(DurationBucketLine(), text);
        Assert.Matches(OrleansLine(), text);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetMetrics_AfterInvalidRequest_CountsInvalidArgumentOutcome()
    {
        using var response = await Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 3, 48, 192], new float[5])]));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        using var wrongShape = await Client.PostAsync("v2/models/ppocr-cls/infer",
            OipJson.Request([OipJson.Input("x", "FP32", [1, 4, 48, 192], new float[4 * 48 * 192])]));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrongShape.StatusCode);

        var text = await Client.GetStringAsync("metrics");
        for (var attempt = 0; attempt < 50 && !InvalidArgumentLine().IsMatch(text); attempt++)
        {
            await Task.Delay(100);
            text = await Client.GetStringAsync("metrics");
        }

        Assert.Matches(InvalidArgumentLine(), text);
    }

    private static long SuccessCount(string metrics)
    {
        var match = SuccessLine().Match(metrics);
        return match.Success ? long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^aiaas_inference_requests_total\{(?=[^}]*model="ppocr-cls")(?=[^}]*outcome="success")[^}]*\} (?<value>\d+)""", RegexOptions.Multiline)]
    private static partial Regex SuccessLine();

    [GeneratedRegex("""^aiaas_inference_requests_total\{(?=[^}]*model="ppocr-cls")(?=[^}]*outcome="invalid_argument")[^}]*\} [1-9]""", RegexOptions.Multiline)]
    private static partial Regex InvalidArgumentLine();

    [GeneratedRegex("""^aiaas_inference_request_duration_seconds_bucket\{(?=[^}]*model="ppocr-cls")(?=[^}]*le="\+Inf")[^}]*\} [1-9]""", RegexOptions.Multiline)]
    private static partial Regex DurationBucketLine();

    [GeneratedRegex("""^orleans_[a-z_]+(\{[^}]*\})? """, RegexOptions.Multiline)]
    private static partial Regex OrleansLine();
}
