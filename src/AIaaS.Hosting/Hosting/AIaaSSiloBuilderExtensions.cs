using System.Net;
using AIaaS.Cluster;
using AIaaS.Grains.Controller;
using AIaaS.Grains.Diagnostics;
using AIaaS.Grains.Ensembles;
using AIaaS.Grains.Placement;
using AIaaS.Grains.Sessions;
using AIaaS.Grains.Storage;
using AIaaS.Hosting.Accelerators;
using AIaaS.Hosting.Repository;
using AIaaS.Hosting.Security;
using AIaaS.Inference.Execution;
using AIaaS.Inference.Processors;
using AIaaS.Repository;
using AIaaS.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;
using StackExchange.Redis;

namespace AIaaS.Hosting;

/// <summary>Adds AIaaS Grains to an Orleans silo.</summary>
public static class AIaaSSiloBuilderExtensions
{
    /// <summary>
    /// The whole silo: clustering (localhost in embedded mode, Redis when <c>AIaaS:Redis</c> is
    /// set), loopback endpoints, grain storage, the grains and their services.
    /// </summary>
    public static ISiloBuilder AddAIaaS(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = Bind(configuration);
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        if (options.IsRedisMode)
        {
            silo.UseRedisClustering(redis => redis.ConfigurationOptions = RedisConfiguration(options));
            silo.ConfigureEndpoints(IPAddress.Parse(options.Address), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
        }

        // After the grains, which validate the options: a missing TLS file is named there, not failed on here.
        silo.AddAIaaSGrains(options);
        if (options.Tls.IsEnabled)
        {
            var certificates = ClusterCertificates.Load(options.Tls.Certificate!, options.Tls.Key!, options.Tls.Authority!);
            silo.UseTls(certificates.Certificate, tls =>
            {
                // Both directions: a silo is a server to its peers and clients, and a client of its peers.
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateValidation = (certificate, _, _) => certificates.IsTrusted(certificate);
            });
        }

        return silo;
    }

    /// <summary>
    /// The grains, their storage and services, silo metadata and replica placement, without
    /// clustering: what a test cluster, which brings its own membership, adds to each silo.
    /// </summary>
    public static ISiloBuilder AddAIaaSGrains(this ISiloBuilder silo, AIaaSSiloOptions options)
    {
        // Validated here, before anything is built from the options, so a bad key stops the silo with its name.
        var validation = new AIaaSSiloOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(AIaaSSiloOptions), typeof(AIaaSSiloOptions), validation.Failures);
        }

        if (options.IsRedisMode)
        {
            silo.AddRedisGrainStorage(Grains.GrainStorageNames.Default, redis => redis.ConfigurationOptions = RedisConfiguration(options));
            silo.UseRedisReminderService(redis => redis.ConfigurationOptions = RedisConfiguration(options));
        }
        else
        {
            silo.AddFileGrainStorage(Grains.GrainStorageNames.Default, file => file.RootDirectory = Path.Combine(Path.GetFullPath(options.DataDirectory), "grains"));
            // One machine: the model grains activate at every start (ModelRegistrationService) and
            // resume their rollouts from grain state, so reminders need not outlive the process.
            silo.UseInMemoryReminderService();
        }

        silo.WriteEveryGrainStateMember();

        // A grain call carries its caller's trace context, so a request's trace crosses silos.
        silo.AddActivityPropagation();

        var devices = CudaDevices.Detect();
        var profile = SiloProfiles.Create(options, devices);
        silo.AddReplicaPlacement(profile);

        var services = silo.Services;
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(profile);
        services.AddSingleton(devices);
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloProfileAnnouncer>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelConfigCheck, ProcessorConfigCheck>());
        services.TryAddSingleton(sp => new ModelRepository(Path.GetFullPath(options.ModelRepository), sp.GetServices<IModelConfigCheck>()));
        // A cpu silo never tries CUDA, even where the GPU package is installed.
        services.TryAddSingleton(new OnnxModelOptions
        {
            PreferCuda = profile.Accelerator == SiloAccelerators.Cuda,
            IntraOpNumThreads = options.Onnx.IntraOpThreads,
            AllowSpinning = options.Onnx.AllowSpinning,
        });
        services.TryAddSingleton<InferenceInstruments>();
        services.TryAddSingleton(options.Admission);
        services.TryAddSingleton<DeploymentInstruments>();
        services.AddOptionsWithValidateOnStart<ModelControllerOptions>().BindConfiguration(ModelControllerOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelControllerOptions>, ModelControllerOptionsValidator>());
        services.TryAddSingleton<SessionInstruments>();
        services.AddSessionStatistics();
        services.TryAddSingleton<PipelineInstruments>();
        services.AddOptions<ModelRouterOptions>();
        services.TryAddSingleton<ModelRouter>();
        services.TryAddSingleton<SessionStepCaller>();
        services.TryAddSingleton<ModelRegistrationService>();
        services.TryAddSingleton<Health.RoutingTableReadiness>();
        services.TryAddSingleton<Health.SiloReadiness>();
        silo.AddStartupTask((sp, ct) => sp.GetRequiredService<ModelRegistrationService>().StartAsync(ct));
        silo.AddTenants(options);
        return silo;
    }

    /// <summary>
    /// What the silo executable does for its whole process, never done in a shared one (a test):
    /// bounds a graceful stop to <c>AIaaS:ShutdownTimeout</c> (past it the process logs why and
    /// exits), and gives a burst's memory back once quiet for <c>AIaaS:IdleMemoryTrim</c>.
    /// </summary>
    public static IServiceCollection AddAIaaSSiloProcess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Bind(configuration);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        services.AddHostedService<ShutdownWatchdog>();
        services.AddHostedService<IdleMemoryTrimmer>();
        return services;
    }

    /// <summary>Reads the <c>AIaaS</c> section into options.</summary>
    public static AIaaSSiloOptions Bind(IConfiguration configuration)
    {
        var options = new AIaaSSiloOptions();
        configuration.GetSection(AIaaSSiloOptions.SectionName).Bind(options);
        options.HttpUrls = HttpBindings(configuration);
        return options;
    }

    /// <summary>
    /// The addresses Kestrel will bind, by its own precedence: each <c>Kestrel:Endpoints:{name}:Url</c>
    /// when any is configured (they override the rest), else <c>urls</c> (<c>ASPNETCORE_URLS</c>),
    /// else <c>http_ports</c>/<c>https_ports</c> (every interface, as <c>http://*:port</c>); empty when
    /// nothing says, where the silo's own loopback default applies. Auth's mode reads them: one
    /// exposed address missed would let keyless callers from the network act as admin.
    /// </summary>
    internal static IReadOnlyList<string> HttpBindings(IConfiguration configuration)
    {
        static string[] Split(string? list) =>
            string.IsNullOrWhiteSpace(list) ? [] : list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        string[] endpoints = [.. configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? $"(endpoint {e.Key} without a Url)")];
        if (endpoints.Length > 0)
        {
            return endpoints;
        }

        var urls = Split(configuration["urls"] ?? configuration["ASPNETCORE_URLS"]);
        if (urls.Length > 0)
        {
            return urls;
        }

        return [.. Split(configuration["http_ports"] ?? configuration["ASPNETCORE_HTTP_PORTS"]).Select(p => $"http://*:{p}"),
            .. Split(configuration["https_ports"] ?? configuration["ASPNETCORE_HTTPS_PORTS"]).Select(p => $"https://*:{p}")];
    }

    private static ConfigurationOptions RedisConfiguration(AIaaSSiloOptions options) =>
        RedisConnection.Configure(options.Redis!, RedisTls.Load(options.RedisTls.Authority, options.RedisTls.Certificate, options.RedisTls.Key));
}
