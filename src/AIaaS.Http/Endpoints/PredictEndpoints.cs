using System.Globalization;
using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Http.Hosting;
using AIaaS.Http.Protocol;
using AIaaS.Http.Security;
using AIaaS.Inference;
using AIaaS.Models;
using AIaaS.Routing;
using AIaaS.Tensors;
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
        var (tabular, maxBatchSize, version) = await TabularAsync(services.GetRequiredService<IGrainFactory>(), model);
        var limit = services.GetRequiredService<IOptions<AIaaSHttpOptions>>().Value.MaxRequestBodyBytes;
        float[] values;
        int rows;
        using (var body = await RequestBody.ReadAsync(context.Request, limit, retain: false, context.RequestAborted))
        {
            (values, rows) = PredictRequestReader.Read(body.Memory, tabular, maxBatchSize);
        }

        List<string> outputs = [tabular.ProbabilitiesOutput];
        if (tabular.LabelOutput is { } labelOutput)
        {
            outputs.Add(labelOutput);
        }

        var request = new InferenceRequest
        {
            Inputs = [Tensor.Create<float>(tabular.Input, [rows, tabular.Features.Length], values)],
            Outputs = outputs,
        }.For(TenantContext.Get(context));
        var response = await services.GetRequiredService<ModelRouter>().InferAsync(model, version, request, context.RequestAborted);
        return Results.Json(new PredictResponse(Predictions(model, tabular, rows, response.Outputs)));
    }

    /// <summary>
    /// The <c>tabular</c> block of the newest ready version. Versions that disagree on it (a
    /// retrained forest with other features) cannot share traffic: the request is then pinned to
    /// the newest, whose feature order the rows were put in.
    /// </summary>
    private static async Task<(TabularConfig Tabular, int MaxBatchSize, string? Version)> TabularAsync(IGrainFactory grains, string model)
    {
        var deployment = await InferenceEndpoints.DeploymentAsync(grains, model);
        var ready = deployment.Versions.Where(v => v.Status == ModelVersionStatus.Ready).ToList();
        var newest = ready.Count > 0
            ? ready[^1]
            : throw InferenceException.Unavailable($"model '{model}' has no ready version");
        if (newest.Config.Tabular is not { } tabular)
        {
            throw InferenceException.InvalidArgument(
                $"model '{model}' has no feature names in its configuration (a 'tabular' block), so it cannot take rows of named features; call it through POST /v2/models/{model}/infer");
        }

        var pinned = ready.All(v => Same(v.Config.Tabular, tabular)) ? null : newest.Version.ToString(CultureInfo.InvariantCulture);
        return (tabular, newest.Config.MaxBatchSize, pinned);
    }

    private static bool Same(TabularConfig? a, TabularConfig b) =>
        a is not null
        && a.Input == b.Input
        && a.ProbabilitiesOutput == b.ProbabilitiesOutput
        && a.LabelOutput == b.LabelOutput
        && a.Features.AsSpan().SequenceEqual(b.Features)
        && a.Labels.AsSpan().SequenceEqual(b.Labels);

    private static PredictionResponse[] Predictions(string model, TabularConfig tabular, int rows, IReadOnlyList<TensorPayload> outputs)
    {
        var classes = tabular.Labels.Length;
        var probabilities = Output(model, outputs, tabular.ProbabilitiesOutput);
        if (probabilities.DataType != TensorDataType.Fp32 || probabilities.ElementCount != (long)rows * classes)
        {
            throw Mismatch(model, $"output '{tabular.ProbabilitiesOutput}' is {probabilities.DataType.ToProtocolName()} [{string.Join(',', probabilities.Shape)}], not FP32 [{rows},{classes}] for its {classes} labels");
        }

        var scores = probabilities.ToArray<float>();
        string[]? labels = null;
        if (tabular.LabelOutput is { } labelOutput)
        {
            var label = Output(model, outputs, labelOutput);
            labels = label.DataType == TensorDataType.Bytes ? BytesTensor.ReadStrings(label) : null;
            if (labels is null || labels.Length != rows)
            {
                throw Mismatch(model, $"output '{labelOutput}' is {label.DataType.ToProtocolName()} [{string.Join(',', label.Shape)}], not BYTES [{rows},1]");
            }
        }

        var predictions = new PredictionResponse[rows];
        for (var row = 0; row < rows; row++)
        {
            var best = 0;
            var named = new OrderedDictionary<string, float>(classes, StringComparer.Ordinal);
            for (var c = 0; c < classes; c++)
            {
                var p = scores[(row * classes) + c];
                named.Add(tabular.Labels[c], p);
                best = p > scores[(row * classes) + best] ? c : best;
            }

            predictions[row] = new PredictionResponse(labels?[row] ?? tabular.Labels[best], named);
        }

        return predictions;
    }

    private static TensorPayload Output(string model, IReadOnlyList<TensorPayload> outputs, string name) =>
        outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))
            ?? throw Mismatch(model, $"the model returned no output '{name}'");

    // The config names tensors the graph does not have: the operator's error, not the caller's.
    private static InferenceException Mismatch(string model, string what) =>
        new(InferenceErrorKind.Internal, $"model '{model}': its tabular configuration does not match the graph: {what}");
}
