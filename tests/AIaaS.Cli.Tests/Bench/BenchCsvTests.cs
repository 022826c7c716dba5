using AIaaS.Cli.Bench;

namespace AIaaS.Cli.Tests.Bench;

/// <summary>The CSV of <c>aiaas bench --csv</c>.</summary>
public sealed class BenchCsvTests
{
    private static readonly LatencySummary Latency = new(Count: 10, P50: 120.04, P90: 150, P99: 199.96, Average: 130.5, Min: 100, Max: 200);

    [Fact(Timeout = 10_000)]
    public async Task Write_RowsWithAndWithoutServerStatistics_EmptyFieldsWhereUnknown()
    {
        await Task.Yield();
        using var writer = new StringWriter { NewLine = "\n" };

        BenchCsv.Write(writer,
        [
            new BenchRow(1, 8123.456, Latency, 0, null, new ServerSideLatency(20, 25.26, 1)),
            new BenchRow(8, 9000, Latency, 3, "boom", null),
            new BenchRow(16, 0, LatencySummary.Empty, 5, "boom", new ServerSideLatency(null, 10, null)),
        ]);

        Assert.Equal(
            "concurrency,inferences_per_second,p50_us,p90_us,p99_us,avg_us,errors,server_queue_us,server_compute_us,server_avg_batch\n"
            + "1,8123.5,120.0,150.0,200.0,130.5,0,20.0,25.3,1.00\n"
            + "8,9000.0,120.0,150.0,200.0,130.5,3,,,\n"
            + "16,0.0,,,,,5,,10.0,\n",
            writer.ToString());
    }
}
