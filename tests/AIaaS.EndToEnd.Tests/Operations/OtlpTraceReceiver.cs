using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// A minimal OTLP/HTTP trace receiver on a free loopback port: it accepts
/// <c>POST /v1/traces</c> (ExportTraceServiceRequest in protobuf, as OpenTelemetry .NET's
/// exporter sends it) and keeps each span with the <c>aiaas.role</c> resource attribute of the
/// process that sent it. Only the fields the tests read are decoded.
/// </summary>
internal sealed class OtlpTraceReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;

    public OtlpTraceReceiver()
    {
        var port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToList();

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener closed under a pending accept.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress) : context.Request.InputStream;
            await input.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                foreach (var span in Decode(body.ToArray()))
                {
                    _spans.Enqueue(span);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    // ExportTraceServiceRequest { 1: ResourceSpans }; ResourceSpans { 1: Resource, 2: ScopeSpans };
    // Resource { 1: KeyValue }; KeyValue { 1: key, 2: AnyValue { 1: string } }; ScopeSpans { 2: Span };
    // Span { 1: trace_id, 2: span_id, 4: parent_span_id, 5: name, 13: Link { 1: trace_id, 2: span_id } }.
    private static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1).Select(f => f.Bytes))
        {
            var role = "";
            var fields = Fields(resourceSpans).ToList();
            foreach (var attribute in fields.Where(f => f.Number == 1).SelectMany(r => Fields(r.Bytes)).Where(f => f.Number == 1))
            {
                var kv = Fields(attribute.Bytes).ToList();
                var key = Encoding.UTF8.GetString(kv.First(f => f.Number == 1).Bytes);
                if (key == "aiaas.role")
                {
                    role = Encoding.UTF8.GetString(Fields(kv.First(f => f.Number == 2).Bytes).First(f => f.Number == 1).Bytes);
                }
            }

            foreach (var span in fields.Where(f => f.Number == 2).SelectMany(s => Fields(s.Bytes)).Where(f => f.Number == 2).Select(f => Fields(f.Bytes).ToList()))
            {
                string Hex(int number) => span.FirstOrDefault(f => f.Number == number) is { Bytes: { } b } ? Convert.ToHexStringLower(b) : "";
                var links = span.Where(f => f.Number == 13).Select(l => Fields(l.Bytes).ToList())
                    .Select(l => new ReceivedLink(Convert.ToHexStringLower(l.First(f => f.Number == 1).Bytes), Convert.ToHexStringLower(l.First(f => f.Number == 2).Bytes)))
                    .ToList();
                yield return new ReceivedSpan(Hex(1), Hex(2), Hex(4), Encoding.UTF8.GetString(span.First(f => f.Number == 5).Bytes), role, links);
            }
        }
    }

    /// <summary>The fields of one protobuf message; varint and fixed fields carry no bytes.</summary>
    private static IEnumerable<(int Number, byte[] Bytes)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    ReadVarint(message, ref position);
                    yield return (number, []);
                    break;
                case 1:
                    position += 8;
                    yield return (number, []);
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return (number, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    yield return (number, []);
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {tag & 7} at {position}");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
