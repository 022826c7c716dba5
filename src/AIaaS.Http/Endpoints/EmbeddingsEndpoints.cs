using System.Buffers;
using System.Text.Json;
using AIaaS.Embeddings;
using AIaaS.Errors;
using AIaaS.Grains.Tenants;
using AIaaS.Http.Hosting;
using AIaaS.Http.Protocol;
using AIaaS.Http.Security;
using AIaaS.Requests;
using AIaaS.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// <c>POST /v1/embeddings</c>, OpenAI's shape: <c>{"model", "input": "text" | ["text", ...],
/// "encoding_format": "float" | "base64"}</c> in, <c>{"object": "list", "data": [{"object":
/// "embedding", "index", "embedding", "truncated"}], "model", "usage": {"prompt_tokens",
/// "total_tokens"}}</c> out, through the named embedding pipeline like any call to it. Base64 is
/// the vector's little-endian float32 bytes, as OpenAI's.
/// </summary>
internal static class EmbeddingsEndpoints
{
    /// <summary>OpenAI's own limit on texts per request.</summary>
    public const int MaxInputs = 2048;

    public static void MapEmbeddings(RouteGroupBuilder v1) =>
        v1.MapPost("/embeddings", (Delegate)EmbedAsync);

    private static async Task<IResult> EmbedAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var policy = TenantContext.Get(context);
        var limit = services.GetRequiredService<IOptions<AIaaSHttpOptions>>().Value.MaxRequestBodyBytes;

        // Retained, not pooled: texts without escapes are slices of the body and travel in the request.
        using var body = await RequestBody.ReadAsync(context.Request, limit, retain: true, context.RequestAborted);
        var parsed = EmbeddingsRequest.Parse(body.Memory);
        TenantContext.RequireEntitled(policy, parsed.Model);
        using var admitted = await services.GetRequiredService<TenantAdmission>().AdmitAsync(policy, parsed.Model);
        if (admitted.Rejection is { } rejection)
        {
            // The model is in the body, so the check is here rather than in TenantQuotaFilter.
            return TenantQuotaFilter.Refused(context, rejection);
        }

        var request = new InferenceRequest { Inputs = [EmbeddingPipeline.TextTensor(parsed.Texts)] }.For(policy);
        var response = await services.GetRequiredService<ModelRouter>().InferAsync(parsed.Model, null, request, context.RequestAborted);
        IReadOnlyList<TextEmbedding> embeddings;
        try
        {
            embeddings = EmbeddingPipeline.Read(response.Outputs);
        }
        catch (FormatException ex)
        {
            throw InferenceException.InvalidArgument($"model '{parsed.Model}' is not an embedding pipeline (text -> embedding, token_count, truncated): {ex.Message}");
        }

        return Results.Bytes(Write(parsed, embeddings), "application/json");
    }

    private static byte[] Write(EmbeddingsRequest request, IReadOnlyList<TextEmbedding> embeddings)
    {
        var buffer = new ArrayBufferWriter<byte>(embeddings.Count * (request.Base64 ? 2_200 : 4_400));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object"u8, "list"u8);
            json.WriteStartArray("data"u8);
            long tokens = 0;
            for (var i = 0; i < embeddings.Count; i++)
            {
                var embedding = embeddings[i];
                tokens += embedding.TokenCount;
                json.WriteStartObject();
                json.WriteString("object"u8, "embedding"u8);
                json.WriteNumber("index"u8, i);
                if (request.Base64)
                {
                    json.WriteBase64String("embedding"u8, System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedding.Vector.AsSpan()));
                }
                else
                {
                    json.WriteStartArray("embedding"u8);
                    foreach (var value in embedding.Vector)
                    {
                        json.WriteNumberValue(value);
                    }

                    json.WriteEndArray();
                }

                json.WriteBoolean("truncated"u8, embedding.Truncated);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("model"u8, request.Model);
            json.WriteStartObject("usage"u8);
            json.WriteNumber("prompt_tokens"u8, tokens);
            json.WriteNumber("total_tokens"u8, tokens);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
