using AIaaS.Client;
using AIaaS.Embeddings;
using AIaaS.Errors;
using AIaaS.Testing.Embeddings;
using AIaaS.Testing;

namespace AIaaS.EndToEnd.Tests.Embeddings;

/// <summary>
/// <c>EmbedAsync</c> through the .NET SDK against a silo process serving the pulled repository:
/// the same vectors as ONNX Runtime in this process, and bad texts refused with InvalidArgument.
/// </summary>
public sealed class EmbedSdkTests(EmbeddedSiloFixture fixture) : IClassFixture<EmbeddedSiloFixture>
{
    [Fact(Timeout = 90_000)]
    public async Task EmbedAsync_Texts_EqualInProcessOrtWithinTolerance()
    {
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);
        using var reference = new ReferenceEmbedder();
        string[] texts = ["A man is playing a guitar.", "Grains are Orleans' actors, and silos host them."];

        var embeddings = await EmbedWhenReadyAsync(sdk.Inference, texts);

        Assert.Equal(texts.Length, embeddings.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = reference.Embed(texts[i]);
            var worst = expected.Zip(embeddings[i].Vector, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst <= 1e-5, $"text {i}: largest difference from in-process ONNX Runtime {worst}");
            Assert.Equal(reference.Tokens(texts[i]).Length, embeddings[i].TokenCount);
            Assert.False(embeddings[i].Truncated);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task EmbedAsync_EmptyText_IsInvalidArgument()
    {
        await using var sdk = await SdkClient.StartAsync(o => o.GatewayPort = fixture.Silo.GatewayPort);
        await EmbedWhenReadyAsync(sdk.Inference, ["ready?"]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.EmbedAsync(["fine", ""]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.EndsWith("input 'text' element 1 is empty", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The pipeline loads after its steps: retries while it is Unavailable.</summary>
    private static async Task<IReadOnlyList<TextEmbedding>> EmbedWhenReadyAsync(IInferenceClient client, IReadOnlyList<string> texts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await client.EmbedAsync(texts);
            }
            catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.Unavailable or InferenceErrorKind.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
