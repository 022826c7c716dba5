namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>A span as an OTLP exporter sent it: ids in hex, and the <c>aiaas.role</c> of the process that sent it.</summary>
internal sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Role, IReadOnlyList<ReceivedLink> Links);
