using AIaaS.Grains.Tenants;
using AIaaS.Http.Hosting;
using AIaaS.Http.Protocol;
using AIaaS.Http.Security;
using AIaaS.Routing;
using AIaaS.Tabular;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// <c>POST /v1/models/{name}/predict</c>: KServe V1's predict for tabular models. Rows of named
/// features in (<c>{"instances": [{"sepal_length": 5.1, ...}]}</c>), a label and the probability
/// of each label per row out, through the model's input and outputs named by its config's
/// <c>tabular</c> block, routed like any OIP call to the model.
/// </summary>
internal static class PredictEndpoints
{
    public static void MapPredict(RouteGroupBuilder v1) =>
        v1.MapPost("/models/{model}/predict", (string model, HttpContext context) => PredictAsync(context, model))
            .AddEndpointFilter<InFlightLimitFilter>()
            .AddEndpointFilter<TenantQuotaFilter>();

    private static async Task<IResult> PredictAsync(HttpContext context, string model)
    {
        var services = context.RequestServices;
        // The model first: an unknown model or one without feature names is answered before the body is read.
        var target = TabularModel.Target(await InferenceEndpoints.DeploymentAsync(services.GetRequiredService<IGrainFactory>(), model));
        var limit = services.GetRequiredService<IOptions<AIaaSHttpOptions>>().Value.MaxRequestBodyBytes;
        float[] values;
        using (var body = await RequestBody.ReadAsync(context.Request, limit, retain: false, context.RequestAborted))
        {
            values = PredictRequestReader.Read(body.Memory, target);
        }

        var request = TabularModel.Request(target.Tabular, values).For(TenantContext.Get(context));
        var response = await services.GetRequiredService<ModelRouter>().InferAsync(model, target.Version, request, context.RequestAborted);
        var rows = values.Length / target.Tabular.Features.Length;
        return Results.Json(new PredictResponse(TabularModel.Predictions(model, target.Tabular, rows, response.Outputs)));
    }
}
