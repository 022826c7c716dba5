using System.Collections.Concurrent;
using AIaaS.Models;
using Microsoft.Extensions.Logging;

namespace AIaaS.Routing;

/// <summary>
/// Keeps one router subscribed, as a grain observer, to the routing tables of the models it
/// has routed to, renewing every <see cref="ModelRouterOptions.RenewInterval"/>: model grains
/// forget a subscriber that stops renewing, and a model grain that moved has none until then.
/// </summary>
internal sealed partial class RoutingSubscription : IRoutingObserver, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly Action<RoutingTable> _apply;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _models = new(StringComparer.Ordinal);
    private readonly ITimer _renewal;
    private readonly Lock _gate = new();
    private IRoutingObserver? _reference;

    public RoutingSubscription(IGrainFactory grains, Action<RoutingTable> apply, TimeSpan renewInterval, TimeProvider time, ILogger logger)
    {
        _grains = grains;
        _apply = apply;
        _logger = logger;
        _renewal = time.CreateTimer(_ => RenewAll(), null, renewInterval, renewInterval);
    }

    public Task OnRoutingTable(RoutingTable table)
    {
        _apply(table);
        return Task.CompletedTask;
    }

    /// <summary>Subscribes to <paramref name="model"/>'s table the first time it is seen.</summary>
    public void Track(string model)
    {
        if (_models.TryAdd(model, 0))
        {
            _ = SubscribeAsync(model);
        }
    }

    public void Dispose() => _renewal.Dispose();

    private void RenewAll()
    {
        foreach (var model in _models.Keys)
        {
            _ = SubscribeAsync(model);
        }
    }

    private async Task SubscribeAsync(string model)
    {
        try
        {
            await _grains.GetGrain<IModelGrain>(model).Subscribe(Reference()).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Polling covers the gap until the next renewal.
            LogSubscribeFailed(_logger, model, ex);
        }
    }

    private IRoutingObserver Reference()
    {
        lock (_gate)
        {
            // Created on first use: the client or silo runtime must be up, which it is once requests flow.
            return _reference ??= _grains.CreateObjectReference<IRoutingObserver>(this);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscribing to the routing table of {Model} failed; polling covers it")]
    private static partial void LogSubscribeFailed(ILogger logger, string model, Exception exception);
}
