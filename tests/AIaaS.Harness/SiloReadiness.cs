using System.Diagnostics;
using System.Net;

namespace AIaaS.Testing;

/// <summary>
/// The one wait for a silo to serve, whether it runs in this process (the HTTP tests' host, the
/// bench) or as a child process (<see cref="SiloProcess"/>): polls <c>GET /v2/health/ready</c>
/// until it answers 200.
/// </summary>
public static class SiloReadiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <param name="baseAddress">The silo's HTTP endpoint.</param>
    /// <param name="timeout">How long the silo may take.</param>
    /// <param name="ensureAlive">Throws when the silo can no longer become ready (its process exited); null when it runs in this process.</param>
    /// <param name="describe">What to append to the timeout's message (the process's output), or null.</param>
    /// <param name="path">What answers 200 once the silo serves: readiness, or liveness for a silo not expected to be ready.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="TimeoutException">Not ready within <paramref name="timeout"/>; the message has the last answer.</exception>
    public static async Task WaitAsync(Uri baseAddress, TimeSpan timeout, Action? ensureAlive = null, Func<string>? describe = null, string path = "v2/health/ready", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < timeout)
        {
            ensureAlive?.Invoke();
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}";
            }
            catch (HttpRequestException ex)
            {
                // Not listening yet.
                last = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the silo at {baseAddress} was not ready within {timeout.TotalSeconds} s (last: {last}){(describe is null ? "" : ":\n" + describe())}");
    }
}
