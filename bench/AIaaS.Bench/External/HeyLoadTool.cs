using System.Globalization;
using System.Text.RegularExpressions;

namespace AIaaS.Bench.External;

/// <summary>
/// <c>hey -z {window} -c {concurrency}</c> posting one binary-extension request body (ppocr-cls's
/// tensor after its JSON header) to <c>/v2/models/{model}/infer</c>, with <paramref name="headers"/>
/// (an API key) on every request. Items per second are the 200 answers over hey's total time; every
/// other status or transport error is an error; the median latency is hey's 50th percentile.
/// </summary>
internal sealed partial class HeyLoadTool(string bodyFile, int headerLength, IReadOnlyList<string>? headers = null) : LoadTool
{
    public override async Task<LoadRun> RunAsync(Uri baseAddress, string model, int concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        var (output, cpu, wall) = await RunProcessAsync(
            [
                "hey",
                "-z", string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds:F0}s"),
                "-c", concurrency.ToString(CultureInfo.InvariantCulture),
                "-m", "POST",
                "-T", "application/octet-stream",
                "-H", string.Create(CultureInfo.InvariantCulture, $"Inference-Header-Content-Length: {headerLength}"),
                "-D", bodyFile,
                .. (headers ?? []).SelectMany(h => new[] { "-H", h }),
                new Uri(baseAddress, $"v2/models/{model}/infer").ToString(),
            ],
            cancellationToken).ConfigureAwait(false);
        var total = TotalPattern().Match(output);
        if (!total.Success)
        {
            throw new InvalidOperationException($"hey printed no total time:\n{output}");
        }

        long ok = 0, errors = 0;
        foreach (Match status in StatusPattern().Matches(output))
        {
            var count = long.Parse(status.Groups[2].Value, CultureInfo.InvariantCulture);
            if (status.Groups[1].Value == "200")
            {
                ok += count;
            }
            else
            {
                errors += count;
            }
        }

        var errorSection = output.IndexOf("Error distribution:", StringComparison.Ordinal);
        if (errorSection >= 0)
        {
            foreach (Match error in ErrorPattern().Matches(output[errorSection..]))
            {
                errors += long.Parse(error.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        var seconds = double.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture);
        var median = MedianPattern().Match(output);
        TimeSpan? p50 = median.Success ? TimeSpan.FromSeconds(double.Parse(median.Groups[1].Value, CultureInfo.InvariantCulture)) : null;
        return new LoadRun(ok / seconds, errors, cpu.TotalSeconds / wall.TotalSeconds, wall, p50);
    }

    [GeneratedRegex(@"Total:\s+([\d.]+) secs")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"\[(\d{3})\]\s+(\d+) responses")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"50%+ in ([\d.]+) secs")]
    private static partial Regex MedianPattern();

    [GeneratedRegex(@"\[(\d+)\]\s+\w")]
    private static partial Regex ErrorPattern();
}
