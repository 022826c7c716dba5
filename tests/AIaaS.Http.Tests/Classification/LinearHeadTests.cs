using AIaaS.Classification;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AIaaS.Http.Tests.Classification;

/// <summary>
/// The head the service deploys is ML.NET's model: ONNX Runtime running the exported graph gives
/// ML.NET's own scores, on data shaped like embeddings (unit vectors in clusters).
/// </summary>
public sealed class LinearHeadTests
{
    private const int Width = 16;
    private const int Classes = 3;

    [Fact]
    public void ExportedHead_RunInOnnxRuntime_EqualsMlNetsScoresAndPredictions()
    {
        var (vectors, labels) = Clusters(perClass: 30, seed: 5);
        var ml = new MLContext(seed: 1);
        var model = HeadTrainer.Fit(ml, vectors, labels, Classes, Width);
        var head = HeadTrainer.Train(vectors, labels, Classes, Width);

        var scored = model.Transform(HeadTrainer.Load(ml, vectors, labels, Classes, Width));
        var expected = scored.GetColumn<float[]>("Score").ToArray();
        using var session = new InferenceSession(head.ToOnnx("embedding", "probabilities"));
        var flat = vectors.SelectMany(v => v).ToArray();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("embedding", new DenseTensor<float>(flat, [vectors.Length, Width]))]);
        var actual = results.Single().AsTensor<float>().ToArray();

        for (var row = 0; row < vectors.Length; row++)
        {
            for (var c = 0; c < Classes; c++)
            {
                Assert.InRange(Math.Abs(expected[row][c] - actual[(row * Classes) + c]), 0, 1e-5);
            }

            Assert.Equal(Array.IndexOf(expected[row], expected[row].Max()), head.Predict(vectors[row]));
        }

        // Separable clusters: the head gets them right, so the class order is the labels' order.
        Assert.Equal(labels, vectors.Select(v => head.Predict(v)).ToArray());
    }

    private static (float[][] Vectors, int[] Labels) Clusters(int perClass, int seed)
    {
        var random = new Random(seed);
        var vectors = new List<float[]>();
        var labels = new List<int>();
        for (var c = 0; c < Classes; c++)
        {
            for (var i = 0; i < perClass; i++)
            {
                var v = new float[Width];
                for (var d = 0; d < Width; d++)
                {
                    v[d] = (float)(random.NextDouble() * 0.2) + (d % Classes == c ? 1f : 0f);
                }

                var norm = MathF.Sqrt(v.Sum(x => x * x));
                vectors.Add([.. v.Select(x => x / norm)]);
                labels.Add(c);
            }
        }

        return ([.. vectors], [.. labels]);
    }
}
