using System.Text;
using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;
using Microsoft.ML.Tokenizers;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>bert_tokenize</c>: texts to a BERT encoder's inputs with Microsoft.ML.Tokenizers' WordPiece
/// <see cref="BertTokenizer"/> (the vocabulary file <c>vocab</c>, lower-cased unless
/// <c>lower_case</c> is false). Input <c>text</c> BYTES [N] (UTF-8); outputs <c>input_ids</c>,
/// <c>attention_mask</c>, <c>token_type_ids</c> INT64 [N, L] ([CLS] text [SEP], padded with 0 and
/// mask 0 to the longest text of the request), <c>token_count</c> INT64 [N] (tokens fed to the
/// model, specials included) and <c>truncated</c> BOOL [N]. A text longer than <c>max_tokens</c>
/// (256, the length all-MiniLM-L6-v2 was trained on) is cut to its first <c>max_tokens</c> - 2
/// word pieces, as sentence-transformers does, and reported in <c>truncated</c>.
/// </summary>
/// <remarks>
/// Text size is bounded before anything is decoded: <c>max_texts</c> (2,048, OpenAI's limit) per
/// request and <c>max_text_bytes</c> (65,536) per text, so
/// tokenising costs at most that per element whatever was sent. Empty texts, texts with no tokens
/// and invalid UTF-8 are 400s naming the element.
/// </remarks>
internal sealed class BertTokenizeProcessor : IProcessor
{
    public const string Name = "bert_tokenize";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BertTokenizer? tokenizer;
    private readonly int maxTokens;
    private readonly int maxTextBytes;
    private readonly int maxTexts;

    public BertTokenizeProcessor(ProcessorParameters parameters, ProcessorFiles? files)
    {
        var vocab = parameters.String("vocab", "");
        maxTokens = parameters.Int("max_tokens", 256, 3, 8192);
        maxTextBytes = parameters.Int("max_text_bytes", 65_536, 1, 16 << 20);
        maxTexts = parameters.Int("max_texts", 2048, 1, 1 << 20);
        var lowerCase = parameters.Choice("lower_case", "true", "false") == "true";
        if (vocab.Length == 0)
        {
            parameters.Errors.Add("parameters.vocab must name a WordPiece vocabulary file in the model repository");
        }
        else if (files is not null)
        {
            try
            {
                using var stream = files.OpenRead(vocab);
                tokenizer = BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lowerCase });
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or FormatException)
            {
                parameters.Errors.Add($"parameters.vocab: {ex.Message}");
            }
        }
    }

    public ModelSignature Signature { get; } = new(
        [new TensorSpec("text", TensorDataType.Bytes, [-1])],
        [
            new TensorSpec("input_ids", TensorDataType.Int64, [-1, -1]),
            new TensorSpec("attention_mask", TensorDataType.Int64, [-1, -1]),
            new TensorSpec("token_type_ids", TensorDataType.Int64, [-1, -1]),
            new TensorSpec("token_count", TensorDataType.Int64, [-1]),
            new TensorSpec("truncated", TensorDataType.Bool, [-1]),
        ]);

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var bert = tokenizer ?? throw new InvalidOperationException("the processor was built without its vocabulary");
        // Token tensors take 24 bytes a token per text: a body of many one-letter texts must not
        // become gigabytes of int64s, so the count is bounded before anything is tokenised.
        var count = inputs["text"].ElementCount;
        if (count > maxTexts)
        {
            throw InferenceException.InvalidArgument($"input 'text' has {count} texts, more than the {maxTexts} this model accepts in one request (max_texts)");
        }

        ReadOnlyMemory<byte>[] texts;
        try
        {
            texts = BytesTensor.ReadElements(inputs["text"]);
        }
        catch (FormatException ex)
        {
            throw InferenceException.InvalidArgument(ex.Message);
        }

        if (texts.Length == 0)
        {
            throw InferenceException.InvalidArgument("input 'text' has no texts");
        }

        var ids = new int[texts.Length][];
        var truncated = new bool[texts.Length];
        var longest = 0;
        for (var n = 0; n < texts.Length; n++)
        {
            (ids[n], truncated[n]) = Encode(bert, texts[n].Span, n);
            longest = Math.Max(longest, ids[n].Length);
        }

        var inputIds = new long[texts.Length * longest];
        var mask = new long[texts.Length * longest];
        var counts = new long[texts.Length];
        for (var n = 0; n < texts.Length; n++)
        {
            var row = n * longest;
            for (var t = 0; t < ids[n].Length; t++)
            {
                inputIds[row + t] = ids[n][t];
                mask[row + t] = 1;
            }

            counts[n] = ids[n].Length;
        }

        long[] shape = [texts.Length, longest];
        return
        [
            Tensor.Create<long>("input_ids", shape, inputIds),
            Tensor.Create<long>("attention_mask", shape, mask),
            Tensor.Create<long>("token_type_ids", shape, new long[inputIds.Length]),
            Tensor.Create<long>("token_count", [texts.Length], counts),
            Tensor.Create<bool>("truncated", [texts.Length], truncated),
        ];
    }

    private (int[] Ids, bool Truncated) Encode(BertTokenizer bert, ReadOnlySpan<byte> utf8, int index)
    {
        if (utf8.Length == 0)
        {
            throw InferenceException.InvalidArgument($"input 'text' element {index} is empty");
        }

        if (utf8.Length > maxTextBytes)
        {
            throw InferenceException.InvalidArgument($"input 'text' element {index} is {utf8.Length} bytes, more than the {maxTextBytes} this model accepts (max_text_bytes)");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw InferenceException.InvalidArgument($"input 'text' element {index} is not valid UTF-8 (byte {ex.Index}): {ex.Message}");
        }

        var encoded = bert.EncodeToIds(text, addSpecialTokens: true);
        if (encoded.Count <= 2)
        {
            throw InferenceException.InvalidArgument($"input 'text' element {index} has no tokens (only white space or control characters)");
        }

        if (encoded.Count <= maxTokens)
        {
            return ([.. encoded], false);
        }

        // [CLS], the first max_tokens - 2 word pieces, [SEP]: what sentence-transformers feeds the model.
        var ids = new int[maxTokens];
        for (var t = 0; t < maxTokens - 1; t++)
        {
            ids[t] = encoded[t];
        }

        ids[^1] = encoded[^1];
        return (ids, true);
    }
}
