using System.Diagnostics;
using System.Net;

namespace AIaaS.Http.Tests;

/// <summary>
/// The front's Kestrel limits (<c>KestrelLimits</c>, from <c>AIaaS:Http</c>) hold against a real
/// socket: oversized headers and request lines are refused with their status, a client trickling
/// its body is cut off, connections past the limit are closed unanswered, and the front serves on.
/// </summary>
public sealed class KestrelLimitsTests(SmallLimitsSiloFixture silo) : IClassFixture<SmallLimitsSiloFixture>
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 60_000)]
    public async Task Request_HeadersOverLimit_Returns431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/health/live");
        request.Headers.Add("X-Padding", new string('p', SmallLimitsSiloFixture.HeadersLimit));

        using var response = await silo.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await AssertStillServesAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Request_MoreThan64Headers_Returns431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/health/live");
        for (var i = 0; i < 65; i++)
        {
            request.Headers.Add($"X-H{i}", "1");
        }

        using var response = await silo.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Request_LineOver8KiB_Returns414()
    {
        await using var connection = await RawHttpConnection.OpenAsync(silo.BaseAddress);

        Assert.True(await connection.TryWriteAsync($"GET /v2/models/{new string('a', 9 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 414", await connection.ReadStatusLineAsync(AnswerTimeout));
    }

    [Fact(Timeout = 60_000)]
    public async Task Upload_SlowerThanMinimumDataRate_IsCutOffAndFrontServesOn()
    {
        await using var connection = await RawHttpConnection.OpenAsync(silo.BaseAddress);
        Assert.True(await connection.TryWriteAsync(
            $"POST /v2/models/{HttpTestRepository.Scale}/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"));

        // Two bytes a second against a minimum of 4096 after a 5 s grace: held connections and
        // buffers are what a slow sender would cost the front if this did not end it.
        var answer = ReadAnswerAsync(connection);
        var clock = Stopwatch.StartNew();
        while (!answer.IsCompleted && clock.Elapsed < AnswerTimeout && await connection.TryWriteAsync(" "))
        {
            await Task.WhenAny(answer, Task.Delay(500));
        }

        var status = await answer;
        Assert.True(status is null || status.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"a trickled body was answered '{status}'");
        await AssertStillServesAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Connections_OverLimit_AreClosedUnansweredAndServiceReturns()
    {
        var held = new List<RawHttpConnection>();
        try
        {
            // The fixture's own client may hold a pooled connection or two: count up to the first refusal.
            var refused = false;
            for (var i = 0; i <= SmallLimitsSiloFixture.ConnectionsLimit; i++)
            {
                var connection = await RawHttpConnection.OpenAsync(silo.BaseAddress);
                held.Add(connection);
                var status = await connection.TryWriteAsync(LiveRequest) ? await connection.ReadStatusLineAsync(AnswerTimeout) : null;
                if (status is null)
                {
                    refused = true;
                    break;
                }

                Assert.StartsWith("HTTP/1.1 200", status);
            }

            Assert.True(refused, $"{held.Count} connections were all served with a limit of {SmallLimitsSiloFixture.ConnectionsLimit}");
            Assert.InRange(held.Count - 1, 1, SmallLimitsSiloFixture.ConnectionsLimit);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        // Kestrel releases a closed connection's slot once it sees the close.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var connection = await RawHttpConnection.OpenAsync(silo.BaseAddress);
            var status = await connection.TryWriteAsync(LiveRequest) ? await connection.ReadStatusLineAsync(AnswerTimeout) : null;
            if (status is not null)
            {
                Assert.StartsWith("HTTP/1.1 200", status);
                break;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "connections were refused 10 s after the held ones closed");
            await Task.Delay(100);
        }
    }

    private const string LiveRequest = "GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    private static async Task<string?> ReadAnswerAsync(RawHttpConnection connection) =>
        await connection.ReadStatusLineAsync(AnswerTimeout);

    private async Task AssertStillServesAsync()
    {
        using var response = await silo.Client.GetAsync("v2/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
