using System.Globalization;
using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Hosting.Health;
using AIaaS.Http.Hosting;
using AIaaS.Http.Protocol;
using AIaaS.Http.Security;
using AIaaS.Models;
using AIaaS.Routing;
using AIaaS.Tensors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Endpoints;

/// <summary>The Open Inference Protocol's health, metadata and inference endpoints.</summary>
internal static class InferenceEndpoints
{
    public const string ServerName = "aiaas-grains";

    private static readonly string ServerVersion = typeof(InferenceEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Health only: what every silo serves, workers included.</summary>
    public static void MapHealth(RouteGroupBuilder v2)
    {
        v2.MapGet("/health/live", () => Results.Json(new { live = true }));
        v2.MapGet("/health/ready", async (SiloReadiness readiness) => await readiness.NotReadyReasonAsync() is { } reason
            ? ErrorResponses.Error(StatusCodes.Status503ServiceUnavailable, reason)
            : Results.Json(new { ready = true }));
    }

    public static void MapInference(RouteGroupBuilder v2)
    {
        v2.MapGet("", () => Results.Json(new ServerMetadataResponse(ServerName, ServerVersion, ["model_repository", "binary_tensor_data", "statistics", "sequence"])));
        v2.MapGet("/models/{model}", (string model, IGrainFactory grains) => MetadataAsync(grains, model, null));
        v2.MapGet("/models/{model}/versions/{version}", (string model, string version, IGrainFactory grains) => MetadataAsync(grains, model, version));
        v2.MapGet("/models/{model}/ready", (string model, IGrainFactory grains) => ReadyAsync(grains, model, null));
        v2.MapGet("/models/{model}/versions/{version}/ready", (string model, string version, IGrainFactory grains) => ReadyAsync(grains, model, version));
        v2.MapPost("/models/{model}/infer", (string model, HttpContext context) => InferAsync(context, model, null))
            .AddEndpointFilter<InFlightLimitFilter>()
            .AddEndpointFilter<TenantQuotaFilter>();
        v2.MapPost("/models/{model}/versions/{version}/infer", (string model, string version, HttpContext context) => InferAsync(context, model, version))
            .AddEndpointFilter<InFlightLimitFilter>()
            .AddEndpointFilter<TenantQuotaFilter>();
    }

    private static async Task InferAsync(HttpContext context, string model, string? version)
    {
        var services = context.RequestServices;
        var router = services.GetRequiredService<ModelRouter>();
        // The model first: a request for one that is not served is answered before its body is read.
        await router.EnsureServingAsync(model, version, context.RequestAborted);
        var limit = services.GetRequiredService<IOptions<AIaaSHttpOptions>>().Value.MaxRequestBodyBytes;
        var headerLength = InferenceHeaderContentLength.Parse(context.Request.Headers[InferenceHeaderContentLength.Name]);

        // A binary request's payloads slice the body, so its body is retained (GC-owned, never
        // pooled); a JSON body goes back to the pool once parsed. See RequestBody.
        OipInferenceRequest parsed;
        using (var body = await RequestBody.ReadAsync(context.Request, limit, retain: headerLength is not null, context.RequestAborted))
        {
            parsed = OipJsonRequestReader.Parse(body.Memory, headerLength);
        }

        var request = parsed.Request.For(TenantContext.Get(context));
        var response = parsed.Sequence is { } sequence
            ? await SessionEndpoints.StepAsync(services, model, version, request, sequence, context.RequestAborted)
            : await router.InferAsync(model, version, request, context.RequestAborted);
        await OipResponseWriter.WriteAsync(context.Response, response, parsed.BinaryOutputs, context.RequestAborted);
    }

    private static async Task<IResult> MetadataAsync(IGrainFactory grains, string model, string? version)
    {
        var deployment = await DeploymentAsync(grains, model);
        var ready = deployment.Versions.Where(v => v.Status == ModelVersionStatus.Ready).ToList();
        var chosen = version is null
            ? ready.LastOrDefault() ?? deployment.Versions.LastOrDefault(v => v.Signature is not null)
            : deployment.FindVersion(version);
        if (chosen?.Signature is not { } signature)
        {
            throw InferenceException.Unavailable($"model '{model}' is not ready: its inputs and outputs are known once it has loaded");
        }

        var versions = (version is null ? ready.Select(v => v.Version) : [chosen.Version])
            .Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        return Results.Json(new ModelMetadataResponse(model, versions, chosen.Config.Platform, Describe(signature.Inputs), Describe(signature.Outputs)));
    }

    private static async Task<IResult> ReadyAsync(IGrainFactory grains, string model, string? version)
    {
        var deployment = await DeploymentAsync(grains, model);
        var info = version is null ? deployment.Versions.LastOrDefault(v => v.Status == ModelVersionStatus.Ready) : deployment.FindVersion(version);
        return info?.Status == ModelVersionStatus.Ready
            ? Results.Json(new { name = model, ready = true })
            : ErrorResponses.Error(StatusCodes.Status503ServiceUnavailable, version is null
                ? $"model '{model}' is not ready"
                : $"model '{model}' version {version} is not ready ({info!.Status.ToString().ToLowerInvariant()})");
    }

    internal static async Task<ModelDeployment> DeploymentAsync(IGrainFactory grains, string model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw InferenceException.NotFound($"unknown model '{model}'");
        }

        var deployment = await grains.GetGrain<IModelGrain>(model).GetDeployment();
        return deployment.Versions.Count == 0 ? throw InferenceException.NotFound($"unknown model '{model}'") : deployment;
    }

    private static TensorMetadataResponse[] Describe(IReadOnlyList<TensorSpec> specs) =>
        specs.Select(s => new TensorMetadataResponse(s.Name, s.DataType.ToProtocolName(), s.Shape)).ToArray();
}
