using AIaaS.Errors;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Processors;

/// <summary><c>bert_tokenize</c> over a WordPiece vocabulary written here, and <c>mean_pool</c> on numbers worked by hand.</summary>
public sealed class EmbeddingProcessorTests : IDisposable
{
    // ids: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4, hello 5, world 6, ##s 7.
    private const string Vocabulary = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nworld\n##s\n";

    private readonly TemporaryDirectory temp = new();

    public EmbeddingProcessorTests() => temp.Write("m/vocab.txt", Vocabulary);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Tokenize_TextsOfDifferentLengths_PadsToTheLongestWithMaskZero()
    {
        var outputs = Tokenizer().Run(Texts("Hello worlds", "hello"));

        Assert.Equal([2, 5], outputs[0].Shape);
        Assert.Equal([2L, 5, 6, 7, 3, 2, 5, 3, 0, 0], outputs[0].ToArray<long>());
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1, 1, 0, 0], outputs[1].ToArray<long>());
        Assert.Equal(new long[10], outputs[2].ToArray<long>());
        Assert.Equal([5L, 3], outputs[3].ToArray<long>());
        Assert.Equal([false, false], outputs[4].ToArray<bool>());
    }

    [Fact]
    public void Tokenize_LongerThanMaxTokens_KeepsClsFirstPiecesSepAndReportsIt()
    {
        var outputs = Tokenizer(("max_tokens", "4")).Run(Texts("hello world hello world", "hello"));

        Assert.Equal([2L, 5, 6, 3, 2, 5, 3, 0], outputs[0].ToArray<long>());
        Assert.Equal([4L, 3], outputs[3].ToArray<long>());
        Assert.Equal([true, false], outputs[4].ToArray<bool>());
    }

    [Theory]
    [InlineData(new byte[0], "input 'text' element 1 is empty")]
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xE9 }, "input 'text' element 1 is not valid UTF-8 (byte 3)")]
    [InlineData(new byte[] { 0x20, 0x09, 0x0A }, "input 'text' element 1 has no tokens (only white space or control characters)")]
    public void Tokenize_BadText_IsInvalidArgumentNamingTheElement(byte[] text, string error)
    {
        var exception = Assert.Throws<InferenceException>(() => Tokenizer().Run(BytesTensor.Create("text", [2], ["hello"u8.ToArray(), text])));

        Assert.Equal(InferenceErrorKind.InvalidArgument, exception.Kind);
        Assert.StartsWith(error, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_TextOverMaxTextBytes_IsRefusedBeforeDecoding()
    {
        var exception = Assert.Throws<InferenceException>(() => Tokenizer(("max_text_bytes", "10")).Run(Texts("hello hello")));

        Assert.Equal("input 'text' element 0 is 11 bytes, more than the 10 this model accepts (max_text_bytes)", exception.Message);
    }

    [Fact]
    public void Tokenize_MoreTextsThanMaxTexts_IsRefusedBeforeTokenising()
    {
        var exception = Assert.Throws<InferenceException>(() => Tokenizer(("max_texts", "2")).Run(Texts("hello", "world", "hello")));

        Assert.Equal("input 'text' has 3 texts, more than the 2 this model accepts in one request (max_texts)", exception.Message);
    }

    [Fact]
    public void Tokenize_WithoutVocabulary_IsAConfigurationError()
    {
        var error = Assert.Throws<InvalidDataException>(() => Processors.Create("bert_tokenize", temp.Path));

        Assert.Equal("processor model 'bert_tokenize' is invalid: parameters.vocab must name a WordPiece vocabulary file in the model repository", error.Message);
    }

    [Fact]
    public void MeanPool_MaskedMeanThenL2Norm_PaddingNeverCounts()
    {
        // Row 0: tokens (3, 0) and (1, 4), then padding (100, 100): mean (2, 2) -> (0.7071, 0.7071).
        // Row 1: one token (0, -5) and two paddings: (0, -1).
        float[] hidden = [3, 0, 1, 4, 100, 100, 0, -5, 7, 7, 7, 7];
        long[] mask = [1, 1, 0, 1, 0, 0];

        var output = Processors.Create("mean_pool").Run(
            Tensor.Create<float>("last_hidden_state", [2, 3, 2], hidden),
            Tensor.Create<long>("attention_mask", [2, 3], mask))[0];

        Assert.Equal([2, 2], output.Shape);
        var values = output.ToArray<float>();
        Assert.Equal([(float)Math.Sqrt(0.5), (float)Math.Sqrt(0.5), 0f, -1f], values);
    }

    [Fact]
    public void MeanPool_WithoutNormalize_IsTheMaskedMean()
    {
        var output = Processors.Create("mean_pool", null, ("normalize", "false")).Run(
            Tensor.Create<float>("last_hidden_state", [1, 3, 2], [3f, 0, 1, 4, 100, 100]),
            Tensor.Create<long>("attention_mask", [1, 3], [1L, 1, 0]))[0];

        Assert.Equal([2f, 2f], output.ToArray<float>());
    }

    private static TensorPayload Texts(params string[] texts) => BytesTensor.CreateStrings("text", [texts.Length], texts);

    private Inference.Processors.IProcessor Tokenizer(params (string Key, string Value)[] extra) =>
        Processors.Create("bert_tokenize", temp.Path, [("vocab", "m/vocab.txt"), .. extra]);
}
