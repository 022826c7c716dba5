namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>A span's link as an OTLP exporter sent it: the linked span's trace and span ids, in hex.</summary>
internal sealed record ReceivedLink(string TraceId, string SpanId);
