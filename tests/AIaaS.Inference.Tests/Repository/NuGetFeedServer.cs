using System.Net;
using System.Net.Sockets;

namespace AIaaS.Inference.Tests.Repository;

/// <summary>
/// A flat-container feed on loopback serving .nupkg files from a folder, counting requests, so
/// the puller's NuGet path runs over real HTTP without nuget.org.
/// </summary>
internal sealed class NuGetFeedServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, byte[]> packages = new(StringComparer.Ordinal);
    private readonly Task loop;
    private int requests;

    public NuGetFeedServer()
    {
        var port = FreePort();
        Feed = new Uri($"http://127.0.0.1:{port}/v3-flatcontainer/");
        listener.Prefixes.Add(Feed.AbsoluteUri);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Feed { get; }

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Serves <paramref name="nupkg"/> at the flat-container address of id and version.</summary>
    public void Add(string id, string version, byte[] nupkg) =>
        packages[$"/v3-flatcontainer/{id.ToLowerInvariant()}/{version.ToLowerInvariant()}/{id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg"] = nupkg;

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's close ends the loop with an exception; nothing is left to serve.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            using var response = context.Response;
            if (packages.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
            {
                response.ContentType = "application/octet-stream";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
