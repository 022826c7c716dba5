using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Http.Security;

/// <summary>Registers the API-key scheme and the tenant and admin policies.</summary>
internal static class ApiKeyAuthenticationExtensions
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationDefaults.Scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationDefaults.TenantPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(ApiKeyAuthenticationDefaults.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiKeyAuthenticationDefaults.AdminRole));
        return services;
    }
}
