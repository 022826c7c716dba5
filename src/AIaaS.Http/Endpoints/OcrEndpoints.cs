using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Http.Hosting;
using AIaaS.Http.Protocol;
using AIaaS.Http.Security;
using AIaaS.Requests;
using AIaaS.Ocr;
using AIaaS.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// <c>POST /v1/ocr</c>: an image in (the raw file as the body, or the first file of a multipart
/// upload), its lines out as <c>{"lines": [{"text", "confidence", "box"}]}</c>, through the
/// <c>ocr</c> pipeline like any OIP call to it: behind the tenant's entitlement to <c>ocr</c>, its
/// quotas and the front's in-flight limit, metered to the tenant.
/// </summary>
internal static class OcrEndpoints
{
    public static void MapOcr(RouteGroupBuilder v1) =>
        v1.MapPost("/ocr", (Delegate)OcrAsync)
            .WithMetadata(new ServedModel(OcrPipeline.Name))
            .AddEndpointFilter<InFlightLimitFilter>()
            .AddEndpointFilter<TenantQuotaFilter>();

    private static async Task<IResult> OcrAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var limit = services.GetRequiredService<IOptions<AIaaSHttpOptions>>().Value.MaxRequestBodyBytes;
        ReadOnlyMemory<byte> file;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var upload = form.Files.Count > 0 ? form.Files[0] : throw InferenceException.InvalidArgument("the multipart upload has no file; send the image as a file part");
            if (upload.Length > limit)
            {
                throw InferenceException.InvalidArgument($"the uploaded file is {upload.Length} bytes, more than the {limit} this server accepts");
            }

            var bytes = new byte[upload.Length];
            await using (var stream = upload.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, context.RequestAborted);
            }

            file = bytes;
        }
        else
        {
            // Retained, not pooled: the image tensor slices the body and may outlive the request.
            using var body = await RequestBody.ReadAsync(context.Request, limit, retain: true, context.RequestAborted);
            file = body.Memory;
        }

        if (file.IsEmpty)
        {
            throw InferenceException.InvalidArgument("the request has no image: send a PNG or JPEG file as the body or as a multipart file");
        }

        var request = new InferenceRequest { Inputs = [OcrPipeline.ImageTensor(file)] }.For(TenantContext.Get(context));
        var response = await services.GetRequiredService<ModelRouter>().InferAsync(OcrPipeline.Name, null, request, context.RequestAborted);
        var lines = OcrPipeline.ReadLines(response.Outputs);
        return Results.Json(new OcrResponse([.. lines.Select(l => new OcrLineResponse(l.Text, l.Confidence, l.Box))]));
    }
}
