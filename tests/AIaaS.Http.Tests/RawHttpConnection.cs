using System.Net.Sockets;
using System.Text;

namespace AIaaS.Http.Tests;

/// <summary>
/// One TCP connection to the front, written and read byte by byte as a test needs: a slow sender,
/// a connection held open, what the server sends before it closes.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri baseAddress)
    {
        var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        client.NoDelay = true;
        return new RawHttpConnection(client);
    }

    /// <summary>Writes; false when the server has closed the connection.</summary>
    public async Task<bool> TryWriteAsync(string text)
    {
        try
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
            await _stream.FlushAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The status line of the server's next response, or null when it closes (or resets) the
    /// connection without one; throws <see cref="TimeoutException"/> when neither happens in time.
    /// </summary>
    public async Task<string?> ReadStatusLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, cts.Token);
                if (read == 0)
                {
                    break;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = received.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    return text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"the server neither answered nor closed the connection within {timeout}");
        }
        catch (IOException)
        {
            // Reset by the server: closed without an answer.
        }

        var partial = received.ToString();
        return partial.Length > 0 ? partial.Split("\r\n")[0] : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
