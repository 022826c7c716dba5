using AIaaS.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AIaaS.Hosting.Security;

/// <summary>Tenants on a silo: key and tenant caches, quotas, usage metering and the SDK call filter.</summary>
internal static class TenantSiloBuilderExtensions
{
    public static ISiloBuilder AddTenants(this ISiloBuilder silo, AIaaSSiloOptions options)
    {
        var services = silo.Services;
        services.TryAddSingleton(sp => AuthMode.Resolve(options, options.HttpUrls, sp.GetRequiredService<ILoggerFactory>().CreateLogger("AIaaS.Hosting.Security.AuthMode")));
        services.TryAddSingleton<TenantInstruments>();
        services.TryAddSingleton<UsageMeter>();
        services.TryAddSingleton<TenantDirectoryCache>();
        services.TryAddSingleton<TenantAdmission>();
        services.AddSingleton<UsageFlusher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<UsageFlusher>());
        silo.AddIncomingGrainCallFilter<TenantCallFilter>();
        return silo;
    }
}
