using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AIaaS.Grains.Sessions;

/// <summary>Registers the session counts behind the statistics extension's <c>sequence_stats</c>.</summary>
internal static class SessionStatisticsServiceCollectionExtensions
{
    /// <summary>
    /// Adds this silo's <see cref="SessionCounters"/> and the reporter that sends them to the model
    /// grains. Every silo that can hold sessions needs it.
    /// </summary>
    public static IServiceCollection AddSessionStatistics(this IServiceCollection services)
    {
        services.TryAddSingleton<SessionCounters>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SessionStatisticsReporter>());
        return services;
    }
}
