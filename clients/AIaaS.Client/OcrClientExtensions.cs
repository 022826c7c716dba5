using AIaaS.Requests;
using AIaaS.Ocr;

namespace AIaaS.Client;

/// <summary>The <c>ocr</c> pipeline from .NET: an image in, its lines of text out.</summary>
public static class OcrClientExtensions
{
    /// <summary>
    /// Reads <paramref name="image"/> (a PNG or JPEG file) to its end and returns the lines the
    /// cluster's <c>ocr</c> pipeline finds, in reading order.
    /// </summary>
    /// <exception cref="Errors.InferenceException">The image cannot be read (InvalidArgument), or the pipeline or one of its steps is not ready (Unavailable, naming the step).</exception>
    public static async Task<IReadOnlyList<OcrLine>> OcrAsync(this IInferenceClient client, Stream image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        await image.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var request = new InferenceRequest { Inputs = [OcrPipeline.ImageTensor(buffer.GetBuffer().AsMemory(0, (int)buffer.Length))] };
        var response = await client.InferAsync(OcrPipeline.Name, request, null, cancellationToken).ConfigureAwait(false);
        return OcrPipeline.ReadLines(response.Outputs);
    }
}
