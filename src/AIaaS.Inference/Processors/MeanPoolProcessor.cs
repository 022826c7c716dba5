using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>mean_pool</c>: a sentence embedding from an encoder's token vectors, as sentence-transformers
/// pools all-MiniLM-L6-v2: the mean of <c>last_hidden_state</c> FP32 [N, L, H] over the tokens whose
/// <c>attention_mask</c> INT64 [N, L] is 1, then divided by its L2 norm unless <c>normalize</c> is
/// false. Output <c>embedding</c> FP32 [N, H]. Padding (mask 0) never counts, so a text padded to a
/// longer one in a batch pools to the same vector as alone.
/// </summary>
internal sealed class MeanPoolProcessor : IProcessor
{
    public const string Name = "mean_pool";

    private readonly bool normalize;

    public MeanPoolProcessor(ProcessorParameters parameters)
    {
        normalize = parameters.Choice("normalize", "true", "false") == "true";
    }

    public ModelSignature Signature { get; } = new(
        [new TensorSpec("last_hidden_state", TensorDataType.Fp32, [-1, -1, -1]), new TensorSpec("attention_mask", TensorDataType.Int64, [-1, -1])],
        [new TensorSpec("embedding", TensorDataType.Fp32, [-1, -1])]);

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var hidden = inputs["last_hidden_state"];
        var maskTensor = inputs["attention_mask"];
        var (count, length, width) = ((int)hidden.Shape[0], (int)hidden.Shape[1], (int)hidden.Shape[2]);
        if (maskTensor.Shape[0] != count || maskTensor.Shape[1] != length)
        {
            throw InferenceException.InvalidArgument(
                $"input 'attention_mask' is [{string.Join(',', maskTensor.Shape)}] but 'last_hidden_state' is [{string.Join(',', hidden.Shape)}]: they must agree on [N, L]");
        }

        var states = inputs.Floats("last_hidden_state");
        var mask = inputs.Int64s("attention_mask");
        var embedding = new float[count * width];
        var sum = new double[width];
        for (var n = 0; n < count; n++)
        {
            Array.Clear(sum);
            var tokens = 0;
            for (var t = 0; t < length; t++)
            {
                if (mask[(n * length) + t] == 0)
                {
                    continue;
                }

                tokens++;
                var row = states.Slice(((n * length) + t) * width, width);
                for (var h = 0; h < width; h++)
                {
                    sum[h] += row[h];
                }
            }

            // sentence-transformers clamps the token count at 1e-9, so an all-padding row pools to zeros.
            var divisor = Math.Max(tokens, 1e-9);
            var output = embedding.AsSpan(n * width, width);
            double norm = 0;
            for (var h = 0; h < width; h++)
            {
                var mean = sum[h] / divisor;
                output[h] = (float)mean;
                norm += mean * mean;
            }

            if (normalize)
            {
                // torch.nn.functional.normalize's eps: a zero vector stays zero.
                var scale = 1.0 / Math.Max(Math.Sqrt(norm), 1e-12);
                for (var h = 0; h < width; h++)
                {
                    output[h] = (float)(sum[h] / divisor * scale);
                }
            }
        }

        return [Tensor.Create<float>("embedding", [count, width], embedding)];
    }
}
