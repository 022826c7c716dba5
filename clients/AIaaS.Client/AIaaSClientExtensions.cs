using AIaaS.Cluster;
using AIaaS.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace AIaaS.Client;

/// <summary>Adds the AIaaS Grains SDK to a host.</summary>
public static class AIaaSClientExtensions
{
    /// <summary>An Orleans client connected to the cluster, with <see cref="IInferenceClient"/>.</summary>
    public static IServiceCollection AddAIaaSClient(this IServiceCollection services, Action<AIaaSClientOptions>? configure = null) =>
        services.AddOrleansClient(client => client.AddAIaaSClient(configure));

    /// <summary>The SDK configured from the <c>AIaaS</c> section (<c>AIaaS:Redis</c>, <c>AIaaS:GatewayPort</c>...).</summary>
    public static IServiceCollection AddAIaaSClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAIaaSClient(options => configuration.GetSection(AIaaSClientOptions.SectionName).Bind(options));

    /// <summary>Clustering for the SDK and its services, on an Orleans client the caller builds.</summary>
    public static IClientBuilder AddAIaaSClient(this IClientBuilder client, Action<AIaaSClientOptions>? configure = null)
    {
        var options = new AIaaSClientOptions();
        configure?.Invoke(options);
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }
        else
        {
            var redis = RedisConnection.Configure(options.Redis, RedisTls.Load(options.RedisTlsAuthority, options.RedisTlsCertificate, options.RedisTlsKey));
            client.UseRedisClustering(o => o.ConfigurationOptions = redis);
        }

        if (!string.IsNullOrWhiteSpace(options.TlsCertificate) || !string.IsNullOrWhiteSpace(options.TlsKey) || !string.IsNullOrWhiteSpace(options.TlsAuthority))
        {
            var certificates = ClusterCertificates.Load(
                options.TlsCertificate ?? throw new InvalidOperationException("TlsCertificate is not set: mutual TLS needs TlsCertificate, TlsKey and TlsAuthority together"),
                options.TlsKey ?? throw new InvalidOperationException("TlsKey is not set: mutual TLS needs TlsCertificate, TlsKey and TlsAuthority together"),
                options.TlsAuthority ?? throw new InvalidOperationException("TlsAuthority is not set: mutual TLS needs TlsCertificate, TlsKey and TlsAuthority together"));
            client.UseTls(certificates.Certificate, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateValidation = (certificate, _, _) => certificates.IsTrusted(certificate);
            });
        }

        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? Environment.GetEnvironmentVariable("AIAAS_API_KEY") : options.ApiKey;
        if (!string.IsNullOrWhiteSpace(key))
        {
            var credential = new ApiKeyCredential(key.Trim());
            client.Services.AddSingleton(credential);
            client.AddOutgoingGrainCallFilter<ApiKeyCallFilter>();
            client.Services.AddHostedService<ApiKeyResolver>();
        }

        client.Services.AddOptions<ModelRouterOptions>();
        client.Services.TryAddSingleton<ModelRouter>();
        client.Services.TryAddSingleton<SessionStepCaller>();
        client.Services.TryAddSingleton<IInferenceClient, InferenceClient>();
        client.Services.TryAddSingleton<IDeploymentClient, DeploymentClient>();
        return client;
    }
}
