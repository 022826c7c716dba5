using AIaaS.Classification;
using AIaaS.Errors;
using AIaaS.Http.Hosting;
using AIaaS.Http.Protocol;
using AIaaS.Http.Security;
using AIaaS.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// Text classifiers: <c>POST /v1/classifiers/{name}</c> trains one from labelled examples (JSON,
/// or CSV with <c>Content-Type: text/csv</c>) or label descriptions (zero-shot) and deploys it as
/// the model's next version; <c>GET /v1/classifiers/{name}</c> shows each version's record;
/// <c>POST /v1/models/{name}/text-classification</c> with <c>{"text": "..."}</c> answers
/// <c>{"category", "scores"}</c>, as the classic text-classification APIs do.
/// </summary>
internal static class ClassifierEndpoints
{
    public static void MapClassifiers(RouteGroupBuilder v1)
    {
        v1.MapPost("/classifiers/{model}", (string model, HttpContext context) => TrainAsync(context, model))
            .AddEndpointFilter<EntitlementFilter>()
            .AddEndpointFilter<InFlightLimitFilter>()
            .AddEndpointFilter<TenantQuotaFilter>();
        v1.MapGet("/classifiers/{model}", (string model, HttpContext context) => DescribeAsync(context, model))
            .AddEndpointFilter<EntitlementFilter>();
        v1.MapPost("/models/{model}/text-classification", (string model, HttpContext context) => ClassifyAsync(context, model))
            .AddEndpointFilter<InFlightLimitFilter>()
            .AddEndpointFilter<TenantQuotaFilter>();
    }

    private static async Task<IResult> TrainAsync(HttpContext context, string model)
    {
        var services = context.RequestServices;
        var limit = services.GetRequiredService<IOptions<AIaaSHttpOptions>>().Value.MaxRequestBodyBytes;
        ClassifierTrainingSet set;
        using (var body = await RequestBody.ReadAsync(context.Request, limit, retain: false, context.RequestAborted))
        {
            var csv = context.Request.ContentType is { } type && type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);
            set = csv ? ClassifierTrainingSetReader.ReadCsv(body.Memory) : ClassifierTrainingSetReader.ReadJson(body.Memory);
        }

        var trained = await services.GetRequiredService<TextClassifierTrainer>().TrainAsync(model, set, TenantContext.Get(context), context.RequestAborted);
        return Results.Json(ClassifierVersionResponse.From(trained.Model, trained.Version, "READY", trained.Record, trained.Took.TotalSeconds), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DescribeAsync(HttpContext context, string model)
    {
        var deployment = await context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IModelGrain>(model).GetDeployment();
        if (deployment.Versions.Count == 0)
        {
            throw InferenceException.NotFound($"unknown model '{model}'");
        }

        var versions = deployment.Versions.Where(v => v.Config.TextClassifier is not null).ToList();
        if (versions.Count == 0)
        {
            throw InferenceException.InvalidArgument($"model '{model}' is not a text classifier (its configuration has no 'text_classifier' block)");
        }

        return Results.Json(versions.Select(v => ClassifierVersionResponse.From(model, v.Version, RepositoryEndpoints.StateOf(v.Status), v.Config.TextClassifier!, null)));
    }

    private static async Task<IResult> ClassifyAsync(HttpContext context, string model)
    {
        var services = context.RequestServices;
        var limit = services.GetRequiredService<IOptions<AIaaSHttpOptions>>().Value.MaxRequestBodyBytes;
        string text;
        using (var body = await RequestBody.ReadAsync(context.Request, limit, retain: false, context.RequestAborted))
        {
            text = TextClassificationRequest.ReadText(body.Memory);
        }

        var result = await services.GetRequiredService<TextClassifier>().ClassifyAsync(model, [text], TenantContext.Get(context), context.RequestAborted);
        return Results.Json(new TextClassificationResponse(result[0].Category, result[0].Scores));
    }
}
