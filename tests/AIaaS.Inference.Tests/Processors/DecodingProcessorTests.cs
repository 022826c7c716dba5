using AIaaS.Errors;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Processors;

public sealed class DecodingProcessorTests
{
    [Fact]
    public void CtcDecode_GreedyPath_MergesRepeatsDropsBlanksAndAveragesKeptSteps()
    {
        using var repository = new TemporaryDirectory();
        Directory.CreateDirectory(repository.Combine("rec"));
        File.WriteAllText(repository.Combine("rec", "keys.txt"), "a\nb\nc");
        var processor = Processors.Create("ctc_decode", repository.Path, ("labels", "rec/keys.txt"));
        // Classes: blank, a, b, c, space. Best per step: a (0.9), a (0.8, merged), blank (0.7), a (0.6), space (0.5), b (0.4).
        float[] steps =
        [
            0.0f, 0.9f, 0.1f, 0.0f, 0.0f,
            0.1f, 0.8f, 0.1f, 0.0f, 0.0f,
            0.7f, 0.1f, 0.1f, 0.1f, 0.0f,
            0.1f, 0.6f, 0.1f, 0.1f, 0.1f,
            0.1f, 0.1f, 0.1f, 0.2f, 0.5f,
            0.2f, 0.1f, 0.4f, 0.2f, 0.1f,
        ];

        var outputs = processor.Run(Tensor.Create<float>("logits", [1, 6, 5], steps));

        Assert.Equal(["aa b"], BytesTensor.ReadStrings(outputs[0]));
        Assert.Equal(0.6f, outputs[1].ToArray<float>()[0], 6);
    }

    [Fact]
    public void CtcDecode_ClassesDifferFromLabels_ThrowsInvalidArgument()
    {
        using var repository = new TemporaryDirectory();
        File.WriteAllText(repository.Combine("keys.txt"), "a\nb\n");
        var processor = Processors.Create("ctc_decode", repository.Path, ("labels", "keys.txt"));

        var error = Assert.Throws<InferenceException>(() => processor.Run(Tensor.Create<float>("logits", [1, 1, 6], new float[6])));

        Assert.Equal("input 'logits' has 6 classes, but the label file gives 4 (blank, labels, space)", error.Message);
    }

    [Fact]
    public void CtcDecode_LabelFileOutsideTheRepository_IsRefused()
    {
        using var repository = new TemporaryDirectory();

        var error = Assert.Throws<InvalidDataException>(() => Processors.Create("ctc_decode", repository.Path, ("labels", "../keys.txt")));

        Assert.Equal("processor model 'ctc_decode' is invalid: parameters.labels: label file '../keys.txt' is outside the model repository", error.Message);
    }

    [Fact]
    public void TopK_LabelList_ReturnsBestClassesFirstWithTheirLabels()
    {
        var processor = Processors.Create("top_k", null, ("k", "2"), ("label_list", "cat,dog,owl"));

        var outputs = processor.Run(Tensor.Create<float>("probabilities", [2, 3], [0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0.0f]));

        Assert.Equal([2L, 2L], outputs[0].Shape);
        Assert.Equal(["dog", "owl", "cat", "dog"], BytesTensor.ReadStrings(outputs[0]));
        Assert.Equal([0.7f, 0.2f, 0.5f, 0.5f], outputs[1].ToArray<float>());
    }

    [Fact]
    public void TextDirection_MostLinesTurned_TurnsTheirBoxesAndReversesTheOrder()
    {
        var processor = Processors.Create("text_direction");
        float[] boxes = [0, 0, 10, 0, 10, 5, 0, 5, /* second */ 0, 10, 10, 10, 10, 15, 0, 15];

        var output = processor.Run(
            Tensor.Create<float>("boxes", [2, 4, 2], boxes),
            Tensor.Create<float>("probabilities", [2, 2], [0.05f, 0.95f, 0.02f, 0.98f])).Single();

        // Each box now starts at its bottom-right corner (the turned text's top-left); the page reads bottom line first.
        Assert.Equal([10f, 15f, 0f, 15f, 0f, 10f, 10f, 10f, /* first */ 10f, 5f, 0f, 5f, 0f, 0f, 10f, 0f], output.ToArray<float>());
    }

    [Fact]
    public void TextDirection_TurnScoreUnderThreshold_KeepsTheBox()
    {
        var processor = Processors.Create("text_direction");
        float[] boxes = [0, 0, 10, 0, 10, 5, 0, 5];

        var output = processor.Run(
            Tensor.Create<float>("boxes", [1, 4, 2], boxes),
            Tensor.Create<float>("probabilities", [1, 2], [0.15f, 0.85f])).Single();

        Assert.Equal(boxes, output.ToArray<float>());
    }
}
