using System.Diagnostics;
using System.Net;
using System.Text;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// One request's trace across processes: a front and a worker (separate silo processes over
/// Redis) export spans over OTLP/HTTP to a receiver in this test; the request carries a caller's
/// W3C traceparent, which the trace continues.
/// </summary>
public sealed class TracingClusterTests
{
    [Fact(Timeout = 240_000)]
    public async Task Infer_WithTraceparent_OneTraceHasSpansFromFrontAndWorker()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(230));
        var ct = timeout.Token;
        using var receiver = new OtlpTraceReceiver();
        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions
        {
            Workers = 1,
            ExtraArguments = [$"--AIaaS:Telemetry:OtlpEndpoint={receiver.BaseAddress}"],
        }, ct);
        cluster.AddModel("cls", RepositoryPaths.RealModel("ppocr-cls"));
        await cluster.LoadModelAsync("cls", ct);

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpan = ActivitySpanId.CreateRandom().ToHexString();
        using var http = new HttpClient { BaseAddress = cluster.Front.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/models/cls/infer")
        {
            Content = new StringContent(
                $$"""{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","data":[{{string.Join(',', Enumerable.Repeat("0.5", 3 * 48 * 192))}}]}]}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using (var response = await http.SendAsync(request, ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Exporters send in batches (every 5 s by default): wait for the worker's ONNX Runtime span.
        string[] expected = ["aiaas.route", "aiaas.replica.infer", "aiaas.queue.wait", "aiaas.batch.execute", "aiaas.onnxruntime.run"];
        var clock = Stopwatch.StartNew();
        List<ReceivedSpan> trace;
        do
        {
            await Task.Delay(500, ct);
            trace = receiver.Spans.Where(s => s.TraceId == traceId).ToList();
        }
        while (expected.Any(name => trace.All(s => s.Name != name)) && clock.Elapsed < TimeSpan.FromSeconds(60));

        var described = string.Join("\n", trace.Select(s => $"{s.Role} {s.Name} {s.SpanId} <- {s.ParentSpanId}"));
        foreach (var name in expected)
        {
            Assert.True(trace.Any(s => s.Name == name), $"no span {name} in trace {traceId}:\n{described}\n(all spans received: {receiver.Spans.Count})");
        }

        var byId = trace.ToDictionary(s => s.SpanId);
        // The front's HTTP server span continues the caller's span.
        var server = Assert.Single(trace, s => s.ParentSpanId == callerSpan);
        Assert.Equal("front", server.Role);
        Assert.Equal("front", trace.Single(s => s.Name == "aiaas.route").Role);
        // The chain on the worker: replica <- ... <- route; queue wait and batch under the replica; ORT under the batch.
        var replica = trace.Single(s => s.Name == "aiaas.replica.infer");
        Assert.Equal("worker", replica.Role);
        Assert.True(Ancestors(replica, byId).Any(a => a.Name == "aiaas.route"), $"the replica span does not descend from the route span:\n{described}");
        Assert.Equal(replica.SpanId, trace.Single(s => s.Name == "aiaas.queue.wait").ParentSpanId);
        var batch = trace.Single(s => s.Name == "aiaas.batch.execute");
        Assert.Equal(replica.SpanId, batch.ParentSpanId);
        Assert.Contains(replica.SpanId, batch.LinkedSpanIds);
        Assert.Equal(batch.SpanId, trace.Single(s => s.Name == "aiaas.onnxruntime.run").ParentSpanId);
        Assert.Equal(["front", "worker"], trace.Select(s => s.Role).Distinct().Order(StringComparer.Ordinal));
    }

    private static IEnumerable<ReceivedSpan> Ancestors(ReceivedSpan span, Dictionary<string, ReceivedSpan> byId)
    {
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            yield return parent;
        }
    }
}
