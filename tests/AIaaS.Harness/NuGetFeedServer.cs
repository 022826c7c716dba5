using System.Net;

namespace AIaaS.Testing;

/// <summary>
/// A flat-container feed on loopback serving .nupkg files from memory, counting requests, so
/// the puller's NuGet path (and <c>aiaas models pull</c>) runs over real HTTP without nuget.org.
/// </summary>
public sealed class NuGetFeedServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, (byte[] Body, bool Announced)> packages = new(StringComparer.Ordinal);
    private readonly Task loop;
    private int requests;

    public NuGetFeedServer()
    {
        var port = FreePort.Next();
        Feed = new Uri($"http://127.0.0.1:{port}/v3-flatcontainer/");
        listener.Prefixes.Add(Feed.AbsoluteUri);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Feed { get; }

    public int Requests => Volatile.Read(ref requests);

    /// <summary>
    /// Serves <paramref name="nupkg"/> at the flat-container address of id and version, with its
    /// Content-Length, or chunked with none when <paramref name="announceLength"/> is false (as a
    /// feed that does not say how much it will send).
    /// </summary>
    public void Add(string id, string version, byte[] nupkg, bool announceLength = true) =>
        packages[$"/v3-flatcontainer/{id.ToLowerInvariant()}/{version.ToLowerInvariant()}/{id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg"] = (nupkg, announceLength);

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
            if (packages.TryGetValue(context.Request.Url!.AbsolutePath, out var package))
            {
                response.ContentType = "application/octet-stream";
                if (package.Announced)
                {
                    response.ContentLength64 = package.Body.Length;
                }
                else
                {
                    response.SendChunked = true;
                }

                try
                {
                    await response.OutputStream.WriteAsync(package.Body);
                }
                catch (HttpListenerException)
                {
                    // The client stopped reading (a puller refusing an oversized package); serve the next one.
                }
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
