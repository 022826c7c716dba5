using System.Diagnostics;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// Requests' traces across processes: a front and a worker export spans to a receiver in this
/// test; each request carries a caller's W3C traceparent, which its trace continues.
/// </summary>
public sealed class TracingClusterTests(TracingClusterFixture fixture) : IClassFixture<TracingClusterFixture>
{
    // Exporters send in batches (every 5 s by default): how long to wait for a span to arrive.
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 240_000)]
    public async Task Infer_WithTraceparent_OneTraceHasSpansFromFrontAndWorker()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpan = ActivitySpanId.CreateRandom().ToHexString();

        await fixture.InferAsync(TracingClusterFixture.Model, $"00-{traceId}-{callerSpan}-01", ct);

        string[] expected = ["aiaas.route", "aiaas.replica.infer", "aiaas.queue.wait", "aiaas.batch.execute", "aiaas.onnxruntime.run"];
        var trace = await WaitForSpansAsync(spans => spans.Where(s => s.TraceId == traceId).ToList(), t => expected.All(name => t.Any(s => s.Name == name)), ct);

        var described = Describe(trace);
        foreach (var name in expected)
        {
            Assert.True(trace.Any(s => s.Name == name), $"no span {name} in trace {traceId}:\n{described}\n(all spans received: {fixture.Receiver.Spans.Count})");
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
        Assert.Equal([new ReceivedLink(traceId, replica.SpanId)], batch.Links);
        Assert.Equal(batch.SpanId, trace.Single(s => s.Name == "aiaas.onnxruntime.run").ParentSpanId);
        Assert.Equal(["front", "worker"], trace.Select(s => s.Role).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = 240_000)]
    public async Task Infer_TwoCallersShareABatch_BatchSpanLinksBothRequestSpans()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        string[] traceIds = [ActivityTraceId.CreateRandom().ToHexString(), ActivityTraceId.CreateRandom().ToHexString()];

        // The paired model cuts a batch only at two requests: these two, each in its own trace.
        await Task.WhenAll(traceIds.Select(t => fixture.InferAsync(TracingClusterFixture.PairedModel, $"00-{t}-{ActivitySpanId.CreateRandom().ToHexString()}-01", ct)));

        bool Ours(ReceivedSpan s) => traceIds.Contains(s.TraceId);
        var spans = await WaitForSpansAsync(
            all => all.Where(Ours).ToList(),
            t => traceIds.All(id => t.Any(s => s.TraceId == id && s.Name == "aiaas.replica.infer")) && t.Any(s => s.Name == "aiaas.batch.execute"),
            ct);

        var described = Describe(spans);
        var replicas = traceIds.Select(id => spans.SingleOrDefault(s => s.TraceId == id && s.Name == "aiaas.replica.infer")).ToList();
        Assert.True(replicas.All(r => r is not null), $"a request's replica span is missing:\n{described}");
        // One batch ran both: one span, in the trace of the request it is a child of, linked to each request's replica span by exact trace and span ids.
        var batch = Assert.Single(spans, s => s.Name == "aiaas.batch.execute");
        Assert.Equal(
            replicas.Select(r => new ReceivedLink(r!.TraceId, r.SpanId)).OrderBy(l => l.TraceId, StringComparer.Ordinal),
            batch.Links.OrderBy(l => l.TraceId, StringComparer.Ordinal));
        Assert.Contains(replicas, r => r!.SpanId == batch.ParentSpanId && r.TraceId == batch.TraceId);
        Assert.Equal("worker", batch.Role);
    }

    private async Task<List<ReceivedSpan>> WaitForSpansAsync(Func<IReadOnlyList<ReceivedSpan>, List<ReceivedSpan>> select, Func<List<ReceivedSpan>, bool> complete, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        List<ReceivedSpan> spans;
        do
        {
            await Task.Delay(500, ct);
            spans = select(fixture.Receiver.Spans);
        }
        while (!complete(spans) && clock.Elapsed < ExportWait);

        return spans;
    }

    private static string Describe(IEnumerable<ReceivedSpan> spans) =>
        string.Join("\n", spans.Select(s => $"{s.Role} {s.Name} {s.TraceId}/{s.SpanId} <- {s.ParentSpanId} links [{string.Join(", ", s.Links.Select(l => $"{l.TraceId}/{l.SpanId}"))}]"));

    private static IEnumerable<ReceivedSpan> Ancestors(ReceivedSpan span, Dictionary<string, ReceivedSpan> byId)
    {
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            yield return parent;
        }
    }
}
