using System.Diagnostics;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Operations;

/// <summary>
/// A log line written while a request runs names the request's trace, in the plain console
/// format (the default) and in JSON: what lets an SRE go from a log line to its trace.
/// </summary>
public sealed class TraceIdLogTests
{
    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_WithTraceparent_ItsLogLineCarriesTheTraceId(bool jsonConsole)
    {
        using var directory = new TemporaryDirectory("aiaas-trace-log");
        Directory.CreateDirectory(directory.Combine("models"));
        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataDirectory = directory.Combine("data"),
            ModelRepository = directory.Combine("models"),
            // ASP.NET Core logs "Request starting ..." inside each request.
            ExtraArguments = ["--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information", $"--AIaaS:Telemetry:JsonConsole={jsonConsole}"],
        });

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/health/live");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using (var response = await http.SendAsync(request))
        {
            response.EnsureSuccessStatusCode();
        }

        // The console logger writes from a queue of its own: wait for the line.
        var expected = jsonConsole ? $"\"TraceId\":\"{traceId}\"" : $"TraceId:{traceId}";
        var clock = Stopwatch.StartNew();
        string? line;
        while ((line = Lines(silo).FirstOrDefault(l => l.Contains(expected, StringComparison.Ordinal))) is null && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.True(line is not null, $"no log line carries {expected}:\n{silo.Output.Tail()}");
        // The very line (plain: the record's scope line; JSON: the whole record) is the request's.
        Assert.Contains("/v2/health/live", line, StringComparison.Ordinal);
        Assert.Equal(jsonConsole, line.TrimStart().StartsWith('{'));
    }

    private static string[] Lines(SiloProcess silo) => silo.Output.ToString().Split('\n');
}
