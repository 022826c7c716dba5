using System.Text.Json;
using AIaaS.Grains.Diagnostics;
using AIaaS.Hosting;
using AIaaS.Http.Endpoints;
using AIaaS.Http.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace AIaaS.Http.Hosting;

/// <summary>Adds AIaaS Grains to an ASP.NET Core host: a co-hosted silo, the protocol endpoints and metrics.</summary>
public static class AIaaSWebApplicationExtensions
{
    /// <summary>
    /// A silo co-hosted with the HTTP front, configured from the <c>AIaaS</c> section, with
    /// OpenTelemetry metrics (Orleans' and ours) for Prometheus.
    /// </summary>
    public static WebApplicationBuilder AddAIaaSSilo(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.AddAIaaS(builder.Configuration));
        builder.Services.AddAIaaSHttp(builder.Configuration);
        return builder;
    }

    /// <summary>The HTTP services: options, JSON conventions, body limit, metrics export.</summary>
    public static IServiceCollection AddAIaaSHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AIaaSHttpOptions>().Bind(configuration.GetSection(AIaaSHttpOptions.SectionName));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<AIaaSHttpOptions>>((kestrel, http) => kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.Orleans", InferenceInstruments.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Maps what this silo's role serves: every silo has health and <c>/metrics</c>; front and
    /// all-in-one silos add inference, metadata, the model repository and the admin API.
    /// </summary>
    public static IEndpointRouteBuilder MapAIaaS(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<AIaaSSiloOptions>>().Value;
        var v2 = endpoints.MapGroup("/v2").AddEndpointFilter<OipErrorFilter>();
        InferenceEndpoints.MapHealth(v2);
        if (options.ServesInference)
        {
            InferenceEndpoints.MapInference(v2);
            RepositoryEndpoints.MapRepository(v2);
            StatisticsEndpoints.MapStatistics(v2);
            OcrEndpoints.MapOcr(endpoints.MapGroup("/v1").AddEndpointFilter<OipErrorFilter>());
            // Not behind authentication yet: admin auth comes with API keys (docs/operations.md).
            AdminEndpoints.MapAdmin(endpoints.MapGroup("/admin").AddEndpointFilter<OipErrorFilter>());
        }

        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }
}
