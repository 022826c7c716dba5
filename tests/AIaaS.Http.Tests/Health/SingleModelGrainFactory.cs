using System.Reflection;
using AIaaS.Models;

namespace AIaaS.Http.Tests.Health;

/// <summary>
/// A grain factory that gives one model grain for every model name and makes observer references
/// the observers themselves: all a router needs, without a cluster. Not sealed: <see cref="DispatchProxy"/> derives from it.
/// </summary>
public class SingleModelGrainFactory : DispatchProxy
{
    private IModelGrain? _model;

    public static IGrainFactory Create(IModelGrain model)
    {
        var factory = Create<IGrainFactory, SingleModelGrainFactory>();
        ((SingleModelGrainFactory)(object)factory)._model = model;
        return factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod switch
    {
        { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } m when m.GetGenericArguments()[0] == typeof(IModelGrain) => _model,
        { Name: nameof(IGrainFactory.CreateObjectReference) } => args![0],
        { Name: nameof(IGrainFactory.DeleteObjectReference) } => null,
        _ => throw new NotSupportedException($"the stub grain factory does not answer {targetMethod?.Name}"),
    };
}
