using System.Buffers;
using System.Globalization;
using AIaaS.Requests;
using Microsoft.AspNetCore.Http;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Writes an inference response to HTTP: all JSON (<c>application/json</c>), or, when the caller
/// asked for binary outputs, Triton's binary layout: the JSON header, then each binary output's
/// bytes in output order, with <c>Inference-Header-Content-Length</c> giving the header's length
/// and <c>application/octet-stream</c> as the content type (what Triton sends).
/// </summary>
internal static class OipResponseWriter
{
    public const string JsonContentType = "application/json";

    public const string BinaryContentType = "application/octet-stream";

    // The JSON header of a binary response holds names, shapes and sizes only; this fits most.
    private const int HeaderCapacity = 512;

    public static async Task WriteAsync(HttpResponse http, InferenceResponse response, BinaryOutputSelection binaryOutputs, CancellationToken cancellationToken)
    {
        http.StatusCode = StatusCodes.Status200OK;
        if (!HasBinaryOutput(response, binaryOutputs))
        {
            http.ContentType = JsonContentType;
            OipJsonResponseWriter.Write(http.BodyWriter, response);
            await http.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // Headers go out before the first body byte, and one of them is the JSON's length, so the
        // JSON header is staged (small: binary outputs carry no data in it). The tensors are not:
        // each output's memory goes to the pipe as it is.
        var header = new ArrayBufferWriter<byte>(HeaderCapacity);
        OipJsonResponseWriter.Write(header, response, binaryOutputs);
        long length = header.WrittenCount;
        foreach (var output in response.Outputs)
        {
            if (binaryOutputs.IsBinary(output.Name))
            {
                length += output.Data.Length;
            }
        }

        http.ContentType = BinaryContentType;
        http.ContentLength = length;
        http.Headers[InferenceHeaderContentLength.Name] = header.WrittenCount.ToString(CultureInfo.InvariantCulture);
        var body = http.BodyWriter;
        body.Write(header.WrittenSpan);
        foreach (var output in response.Outputs)
        {
            if (binaryOutputs.IsBinary(output.Name) && !output.Data.IsEmpty)
            {
                // WriteAsync flushes, so a large output is sent with backpressure instead of
                // growing the pipe by the whole response.
                var result = await body.WriteAsync(output.Data, cancellationToken).ConfigureAwait(false);
                if (result.IsCanceled || result.IsCompleted)
                {
                    return;
                }
            }
        }

        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool HasBinaryOutput(InferenceResponse response, BinaryOutputSelection binaryOutputs)
    {
        foreach (var output in response.Outputs)
        {
            if (binaryOutputs.IsBinary(output.Name))
            {
                return true;
            }
        }

        return false;
    }
}
