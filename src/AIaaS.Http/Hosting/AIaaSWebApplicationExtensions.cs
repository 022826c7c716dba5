using AIaaS.Classification;
using System.Text.Json;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Tenants;
using AIaaS.Hosting;
using AIaaS.Http.Endpoints;
using AIaaS.Http.Protocol;
using AIaaS.Http.Rollouts;
using AIaaS.Http.Security;
using AIaaS.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

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
        builder.UseOrleans(silo => silo.AddAIaaS(builder.Configuration).AddDashboard());
        builder.Services.AddAIaaSHttp(builder.Configuration);
        var telemetry = builder.Configuration.GetSection(AIaaSTelemetryOptions.SectionName).Get<AIaaSTelemetryOptions>() ?? new();
        // Log scopes carry the current trace and span ids, so a log line finds its trace.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (telemetry.JsonConsole)
        {
            builder.Logging.AddJsonConsole(json => json.IncludeScopes = true);
        }
        else
        {
            // The plain formatter prints scopes only when asked; with them, every line logged
            // inside a request carries "=> SpanId:..., TraceId:..., ParentId:..." as JSON lines do.
            builder.Logging.AddSimpleConsole(simple => simple.IncludeScopes = true);
        }

        // With the silo: the scheme resolves keys through the silo's tenant services.
        builder.Services.AddApiKeyAuthentication();
        return builder;
    }

    /// <summary>The HTTP services: options, JSON conventions, body limit, metrics export.</summary>
    public static IServiceCollection AddAIaaSHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AIaaSHttpOptions>().Bind(configuration.GetSection(AIaaSHttpOptions.SectionName));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        services.AddOpenApi();
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<AIaaSHttpOptions>>((kestrel, http) => KestrelLimits.Apply(kestrel.Limits, http.Value));
        services.AddSingleton<InFlightLimitFilter>();
        services.AddTextClassifiers();
        var openTelemetry = services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.Orleans", "System.Runtime", InferenceInstruments.MeterName, TenantInstruments.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        var telemetry = configuration.GetSection(AIaaSTelemetryOptions.SectionName).Get<AIaaSTelemetryOptions>() ?? new();
        if (telemetry.OtlpEndpoint is { } endpoint)
        {
            var role = AIaaSSiloBuilderExtensions.Bind(configuration).Role;
            // HTTP (continuing a caller's traceparent) -> router -> Orleans grain call -> replica,
            // queue wait, batch, ONNX Runtime; each process exports its own spans of a trace.
            openTelemetry
                .ConfigureResource(resource => resource.AddService("aiaas-silo").AddAttributes([new("aiaas.role", role)]))
                .WithTracing(tracing => tracing
                    .AddSource(RoutingActivities.SourceName, InferenceActivities.SourceName, "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation(asp => asp.Filter = http => !http.Request.Path.StartsWithSegments("/metrics") && !http.Request.Path.StartsWithSegments("/v2/health"))
                    .AddOtlpExporter(otlp =>
                    {
                        otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                        otlp.Endpoint = new Uri(endpoint, "v1/traces");
                    }));
        }

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
            // Health and /metrics stay open; everything else needs a tenant, and routes naming a
            // model an entitlement to it (docs/security.md).
            var tenantV2 = v2.MapGroup("")
                .RequireAuthorization(ApiKeyAuthenticationDefaults.TenantPolicy)
                .AddEndpointFilter<EntitlementFilter>();
            InferenceEndpoints.MapInference(tenantV2);
            RepositoryEndpoints.MapRepository(tenantV2);
            StatisticsEndpoints.MapStatistics(tenantV2);
            var v1 = endpoints.MapGroup("/v1").AddEndpointFilter<OipErrorFilter>()
                .RequireAuthorization(ApiKeyAuthenticationDefaults.TenantPolicy);
            OcrEndpoints.MapOcr(v1);
            EmbeddingsEndpoints.MapEmbeddings(v1);
            PredictEndpoints.MapPredict(v1);
            ClassifierEndpoints.MapClassifiers(v1);
            var admin = endpoints.MapGroup("/admin").AddEndpointFilter<OipErrorFilter>();
            var adminOnly = admin.MapGroup("").RequireAuthorization(ApiKeyAuthenticationDefaults.AdminPolicy);
            AdminEndpoints.MapAdmin(adminOnly);
            TenantEndpoints.MapTenants(adminOnly);
            SessionEndpoints.MapAdmin(adminOnly);
            ScalingEndpoints.MapScaling(adminOnly);
            RolloutEndpoints.MapRollout(v2).RequireAuthorization(ApiKeyAuthenticationDefaults.AdminPolicy);
            UsageEndpoints.MapUsage(admin.MapGroup("").RequireAuthorization(ApiKeyAuthenticationDefaults.TenantPolicy));
            // OpenAPI, Scalar and the Orleans dashboard: admin only.
            ConsoleEndpoints.MapConsoles(endpoints).RequireAuthorization(ApiKeyAuthenticationDefaults.AdminPolicy);
        }

        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }
}
