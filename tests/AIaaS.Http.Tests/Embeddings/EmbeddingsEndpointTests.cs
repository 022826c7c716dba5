using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AIaaS.Http.Tests.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c> over real HTTP on a real silo: the real all-MiniLM-L6-v2 behind the
/// tokenizer and pooling processors, compared with ONNX Runtime run in this process on the same tokens.
/// </summary>
[Collection(EmbeddingSiloCollection.Name)]
public sealed class EmbeddingsEndpointTests(EmbeddingSiloFixture silo)
{
    private const double Tolerance = 1e-5;

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_ListOfMixedLengths_EqualInProcessOrtWithinTolerance()
    {
        string[] texts =
        [
            "A man is playing a guitar.",
            "The new movie is awesome and everyone in the theatre loved it from the first scene to the last.",
            "Hi",
        ];

        using var document = await PostAsync(new { model = "text-embedding", input = texts });

        var data = document.RootElement.GetProperty("data");
        Assert.Equal("list", document.RootElement.GetProperty("object").GetString());
        Assert.Equal("text-embedding", document.RootElement.GetProperty("model").GetString());
        Assert.Equal(texts.Length, data.GetArrayLength());
        var tokens = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i, data[i].GetProperty("index").GetInt32());
            Assert.Equal("embedding", data[i].GetProperty("object").GetString());
            Assert.False(data[i].GetProperty("truncated").GetBoolean());
            var vector = data[i].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            AssertClose(silo.Reference.Embed(texts[i]), vector);
            tokens += silo.Reference.Tokens(texts[i]).Length;
        }

        Assert.Equal(tokens, document.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(tokens, document.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_ConcurrentRequestsOfDifferentLengths_BatchTogetherAndEqualEachAlone()
    {
        // Lengths 3 to 3 + 31 tokens, no two alike: only ragged batching (padding to each batch's
        // longest) puts two of them in one MiniLM run, since every other dimension matches.
        var texts = Enumerable.Range(0, 32).Select(i => string.Join(' ', Enumerable.Repeat("guitar", 1 + i))).ToArray();
        var runs = new List<long>();
        // Whether 32 requests queue behind busy executors depends on how they reach the model on 2
        // shared cores: a few bursts, each checked exactly; batching broken fails every one.
        for (var burst = 0; burst < 5 && (runs.Count == 0 || runs[^1] == texts.Length); burst++)
        {
            var (runsBefore, itemsBefore) = await MiniLmBatchesAsync();
            var answers = await Task.WhenAll(texts.Select(t => PostAsync(new { model = "text-embedding", input = t })));
            for (var i = 0; i < texts.Length; i++)
            {
                using var answer = answers[i];
                AssertClose(silo.Reference.Embed(texts[i]), [.. answer.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())]);
            }

            var (runsAfter, itemsAfter) = await MiniLmBatchesAsync();
            Assert.Equal(texts.Length, itemsAfter - itemsBefore);
            runs.Add(runsAfter - runsBefore);
        }

        Assert.True(runs[^1] < texts.Length, $"{texts.Length} texts of different lengths ran in {string.Join(", ", runs)} MiniLM runs in {runs.Count} bursts: none shared a batch");
    }

    /// <summary>MiniLM's runs and the items they carried so far, from its Triton batch statistics.</summary>
    private async Task<(long Runs, long Items)> MiniLmBatchesAsync()
    {
        using var stats = JsonDocument.Parse(await silo.Client.GetStringAsync("v2/models/minilm/stats"));
        long runs = 0, items = 0;
        foreach (var batch in stats.RootElement.GetProperty("model_stats")[0].GetProperty("batch_stats").EnumerateArray())
        {
            var count = batch.GetProperty("compute_infer").GetProperty("count").GetInt64();
            runs += count;
            items += count * batch.GetProperty("batch_size").GetInt64();
        }

        return (runs, items);
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_Base64_IsTheLittleEndianFloatsOfTheFloatAnswer()
    {
        const string Text = "Orleans grains serve ONNX models.";

        using var floats = await PostAsync(new { model = "text-embedding", input = Text });
        using var base64 = await PostAsync(new { model = "text-embedding", input = Text, encoding_format = "base64" });

        var expected = floats.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String(base64.RootElement.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal(384 * 4, bytes.Length);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_SimilarSentences_RankAboveUnrelatedOnes()
    {
        string[] texts =
        [
            "A man is playing a guitar.",
            "Someone is strumming an acoustic guitar.",
            "The stock market fell sharply today.",
            "A chef is cooking pasta in the kitchen.",
        ];

        using var document = await PostAsync(new { model = "text-embedding", input = texts });

        var vectors = document.RootElement.GetProperty("data").EnumerateArray()
            .Select(d => d.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var similar = Cosine(vectors[0], vectors[1]);
        Assert.True(similar > 0.5, $"similar sentences score {similar}");
        Assert.All(vectors[2..], v => Assert.True(Cosine(vectors[0], v) < similar - 0.3, $"an unrelated sentence scores {Cosine(vectors[0], v)} against {similar}"));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5));
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_TextOver256Tokens_IsTruncatedAndReported()
    {
        var text = string.Join(' ', Enumerable.Repeat("embedding", 400));

        using var document = await PostAsync(new { model = "text-embedding", input = text });

        var item = document.RootElement.GetProperty("data")[0];
        Assert.True(item.GetProperty("truncated").GetBoolean());
        Assert.Equal(256, document.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        AssertClose(silo.Reference.Embed(text), [.. item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())]);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("""{"model": "text-embedding", "input": ""}""", "input is empty: every text needs at least one character")]
    [InlineData("""{"model": "text-embedding", "input": ["fine", ""]}""", "input[1] is empty: every text needs at least one character")]
    [InlineData("""{"model": "text-embedding", "input": []}""", "'input' is an empty list: send at least one text")]
    [InlineData("""{"model": "text-embedding", "input": [[101, 2023]]}""", "input[0] must be a string (token arrays are not supported)")]
    [InlineData("""{"input": "hello"}""", "'model' is required: the embedding pipeline to use, e.g. \"text-embedding\"")]
    [InlineData("""{"model": "text-embedding"}""", "'input' is required: a string or a list of strings")]
    [InlineData("""{"model": "text-embedding", "input": "hello", "encoding_format": "int8"}""", "'encoding_format' must be \"float\" or \"base64\"")]
    [InlineData("""{"model": "text-embedding", "input": "   "}""", "input 'text' element 0 has no tokens (only white space or control characters)")]
    public async Task Embeddings_BadRequest_Is400NamingTheField(string body, string error)
    {
        var (status, message) = await PostRawAsync(Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        // Errors from a pipeline step carry the step's name in front.
        Assert.EndsWith(error, message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_100KbText_Is400NamingTheLimit()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { model = "text-embedding", input = new[] { "short", new string('a', 100 * 1024) } });

        var (status, message) = await PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "pipeline 'text-embedding' ensemble_scheduling.step[0] (model 'text-tokenize'): input 'text' element 1 is 102400 bytes, more than the 65536 this model accepts (max_text_bytes)",
            message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_NonUtf8Bytes_Is400()
    {
        byte[] body = [.. """{"model": "text-embedding", "input": "caf"""u8, 0xE9, 0xFF, .. "\"}"u8];

        var (status, message) = await PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("UTF-8", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_UnknownModel_Is404()
    {
        var (status, message) = await PostRawAsync("""{"model": "no-such-model", "input": "hello"}"""u8.ToArray());

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no-such-model", message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Embeddings_TokensAreMeteredToTheTenant()
    {
        string[] texts = ["Metering counts every token.", "Twice"];
        var expected = texts.Sum(t => silo.Reference.Tokens(t).Length);
        await Task.Delay(600);
        var before = await MeteredTokensAsync();

        (await PostAsync(new { model = "text-embedding", input = texts })).Dispose();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        var after = before;
        while (after < before + expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            after = await MeteredTokensAsync();
        }

        Assert.Equal(before + expected, after);
    }

    /// <summary>Tokens usage holds for the tokenizer step, over every hour and tenant the caller may read.</summary>
    private async Task<long> MeteredTokensAsync()
    {
        using var usage = JsonDocument.Parse(await silo.Client.GetStringAsync("admin/usage"));
        return usage.RootElement.GetProperty("usage").EnumerateArray()
            .Where(r => r.GetProperty("model").GetString() == "text-tokenize")
            .Sum(r => r.GetProperty("tokens").GetInt64());
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"largest difference from in-process ONNX Runtime: {worst}");
    }

    private async Task<JsonDocument> PostAsync(object body)
    {
        using var response = await silo.Client.PostAsync("v1/embeddings", JsonContent(JsonSerializer.SerializeToUtf8Bytes(body)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private async Task<(HttpStatusCode Status, string Error)> PostRawAsync(byte[] body)
    {
        using var response = await silo.Client.PostAsync("v1/embeddings", JsonContent(body));
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.GetProperty("error").GetString()!);
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
