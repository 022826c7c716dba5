using System.Text.Json;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;

namespace AIaaS.Cli.Tests.Bench;

/// <summary>Triton's statistics format, summed over versions, and the per-request figures between two readings.</summary>
public sealed class ServerStatisticsTests
{
    [Fact(Timeout = 10_000)]
    public async Task Parse_TwoVersions_SumsEveryCounter()
    {
        await Task.Yield();

        var stats = Parse(Document(inferences: 100, executions: 10, queueNs: 4_000_000, computeNs: 1_000_000, count: 100));

        Assert.Equal(2 * 100, stats.InferenceCount);
        Assert.Equal(2 * 10, stats.ExecutionCount);
        Assert.Equal(new CumulativeDuration(200, 8_000_000), stats.Queue);
        Assert.Equal(new CumulativeDuration(200, 2_000_000), stats.ComputeInput);
        Assert.Equal(new CumulativeDuration(200, 6_000_000), stats.ComputeInfer);
        Assert.Equal(new CumulativeDuration(200, 2_000_000), stats.ComputeOutput);
        Assert.Equal(new CumulativeDuration(200, 0), stats.Success);
        Assert.Equal(default, stats.Fail);
    }

    [Fact(Timeout = 10_000)]
    public async Task Between_TwoReadings_AveragesPerRequestAndBatch()
    {
        await Task.Yield();
        var before = Parse(Document(inferences: 100, executions: 10, queueNs: 4_000_000, computeNs: 1_000_000, count: 100));
        var after = Parse(Document(inferences: 500, executions: 60, queueNs: 12_000_000, computeNs: 3_000_000, count: 500));

        var server = ServerSideLatency.Between(before, after);

        // Per version: 400 more requests, 8 ms more queue time (20 us each); compute input, infer and
        // output took 2, 6 and 2 ms more (5 + 15 + 5 = 25 us each); 400 inferences in 50 executions.
        Assert.Equal(20, server.QueueMicroseconds);
        Assert.Equal(25, server.ComputeMicroseconds);
        Assert.Equal(8, server.AverageBatchSize);
    }

    [Fact(Timeout = 10_000)]
    public async Task Between_NothingRan_IsNullEverywhere()
    {
        await Task.Yield();
        var reading = Parse(Document(inferences: 100, executions: 10, queueNs: 4_000_000, computeNs: 1_000_000, count: 100));

        Assert.Equal(new ServerSideLatency(null, null, null), ServerSideLatency.Between(reading, reading));
    }

    [Fact(Timeout = 10_000)]
    public async Task Parse_MissingFields_CountAsZero()
    {
        await Task.Yield();

        var stats = Parse("""{"model_stats":[{"name":"m","version":"1","inference_count":3}]}""");

        Assert.Equal(3, stats.InferenceCount);
        Assert.Equal(0, stats.ExecutionCount);
        Assert.Equal(default, stats.Queue);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("""{"error":"no"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"model_stats":[{"inference_count":-1}]}""")]
    [InlineData("""{"model_stats":[{"inference_stats":{"queue":{"count":"x","ns":1}}}]}""")]
    public async Task Parse_NotStatistics_ThrowsFormatException(string json)
    {
        await Task.Yield();

        Assert.Throws<FormatException>(() => Parse(json));
    }

    private static StatisticsTotals Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return StatisticsTotals.Parse(document.RootElement);
    }

    /// <summary>Two versions with the same counters; compute input and output take <paramref name="computeNs"/> each, infer three times that.</summary>
    private static string Document(long inferences, long executions, long queueNs, long computeNs, long count)
    {
        var entry = $$$"""
            {"name":"tiny","version":"V","last_inference":1700000000000,"inference_count":{{{inferences}}},"execution_count":{{{executions}}},
             "inference_stats":{"success":{"count":{{{count}}},"ns":0},"fail":{"count":0,"ns":0},"queue":{"count":{{{count}}},"ns":{{{queueNs}}}},
               "compute_input":{"count":{{{count}}},"ns":{{{computeNs}}}},"compute_infer":{"count":{{{count}}},"ns":{{{3 * computeNs}}}},
               "compute_output":{"count":{{{count}}},"ns":{{{computeNs}}}}},
             "batch_stats":[{"batch_size":1,"compute_input":{"count":1,"ns":1},"compute_infer":{"count":1,"ns":1},"compute_output":{"count":1,"ns":1}}]}
            """;
        return $$"""{"model_stats":[{{entry.Replace("\"V\"", "\"1\"", StringComparison.Ordinal)}},{{entry.Replace("\"V\"", "\"2\"", StringComparison.Ordinal)}}]}""";
    }
}
