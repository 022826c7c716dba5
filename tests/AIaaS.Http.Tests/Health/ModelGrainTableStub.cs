using System.Reflection;
using AIaaS.Models;

namespace AIaaS.Http.Tests.Health;

/// <summary>
/// A model grain that answers only what a router asks of it (its routing table, subscriptions),
/// with whatever <see cref="Table"/> returns at each call. Not sealed: <see cref="DispatchProxy"/> derives from it.
/// </summary>
public class ModelGrainTableStub : DispatchProxy
{
    public Func<Task<RoutingTable>> Table { get; set; } = () => throw new InvalidOperationException("no table set");

    public int Fetches;

    public static (IModelGrain Grain, ModelGrainTableStub Stub) Create()
    {
        var grain = Create<IModelGrain, ModelGrainTableStub>();
        return (grain, (ModelGrainTableStub)(object)grain);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IModelGrain.GetRoutingTable) => Fetch(),
        nameof(IModelGrain.Subscribe) or nameof(IModelGrain.Unsubscribe) => Task.CompletedTask,
        _ => throw new NotSupportedException($"the stub model grain does not answer {targetMethod?.Name}"),
    };

    private Task<RoutingTable> Fetch()
    {
        Interlocked.Increment(ref Fetches);
        return Table();
    }
}
