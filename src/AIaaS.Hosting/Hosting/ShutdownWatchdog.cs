using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AIaaS.Hosting;

/// <summary>
/// Bounds a graceful stop. Orleans waits out its own timeouts for every membership write a stop
/// makes (two stages of 60 s when Redis is unreachable); a silo asked to stop must be gone in
/// <see cref="AIaaSSiloOptions.ShutdownTimeout"/>, so past it this logs why (is Redis reachable?)
/// and ends the process. Only for the silo executable: a host sharing its process with other
/// work (a test) must not be ended this way.
/// </summary>
internal sealed partial class ShutdownWatchdog(
    IHostApplicationLifetime lifetime,
    IOptions<AIaaSSiloOptions> options,
    TimeProvider time,
    ILogger<ShutdownWatchdog> logger) : IHostedService, IDisposable
{
    /// <summary>The exit code of a stop cut short: not 0, so a supervisor can tell it from a clean stop.</summary>
    public const int TimedOutExitCode = 3;

    private CancellationTokenRegistration _stopping;
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(() =>
            _timer = time.CreateTimer(_ => Expire(), null, options.Value.ShutdownTimeout, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _stopping.Dispose();
        _timer?.Dispose();
    }

    private void Expire()
    {
        LogStopTimedOut(logger, options.Value.ShutdownTimeout.TotalSeconds, Diagnose());
        Environment.Exit(TimedOutExitCode);
    }

    private string Diagnose()
    {
        if (options.Value.Redis is not { } redis)
        {
            return "embedded mode: a grain or request did not finish";
        }

        var endpoint = ConfigurationOptions.Parse(redis).EndPoints.FirstOrDefault();
        if (endpoint is null)
        {
            return $"Redis '{redis}' names no endpoint";
        }

        var (host, port) = endpoint switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => (endpoint.ToString()!, 6379),
        };
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(1))
                ? $"Redis at {redis} accepts connections: membership or storage writes were slow"
                : $"Redis at {redis} is unreachable (no connection within 1 s): the silo could not record leaving the membership";
        }
        catch (AggregateException ex)
        {
            return $"Redis at {redis} is unreachable ({ex.InnerException?.Message}): the silo could not record leaving the membership";
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The silo did not stop within AIaaS:ShutdownTimeout ({TimeoutSeconds} s): {Reason}. Exiting now; Orleans declares it dead once its probes fail")]
    private static partial void LogStopTimedOut(ILogger logger, double timeoutSeconds, string reason);
}
