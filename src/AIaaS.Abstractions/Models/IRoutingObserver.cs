using Orleans.Concurrency;

namespace AIaaS.Models;

/// <summary>A router's subscription to a model's routing table: the model grain calls it on every new revision.</summary>
[Alias("aiaas.IRoutingObserver")]
public interface IRoutingObserver : IGrainObserver
{
    [OneWay, Alias("on-routing-table")]
    Task OnRoutingTable(RoutingTable table);
}
