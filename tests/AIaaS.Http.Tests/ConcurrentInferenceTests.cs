using AIaaS.Tensors;

namespace AIaaS.Http.Tests;

/// <summary>
/// Many requests at once, batched by the server, each answered with its own result. A sanity
/// check of correctness under concurrency; how fast is the benchmarks' business, not this test's.
/// </summary>
[Collection(RealModelSiloCollection.Name)]
public sealed class ConcurrentInferenceTests(RealModelSiloFixture silo)
{
    private const int Requests = 64;

    // Requests batched together go through ONNX Runtime as one tensor, which may change the
    // order of float operations; a result swapped between requests differs far more than this.
    private const double Tolerance = 1e-4;

    [Fact(Timeout = 60_000)]
    public async Task Infer_64ConcurrentPpocrCls_EachGetsItsOwnResult()
    {
        long[] shape = [1, 3, 48, 192];
        var inputs = Enumerable.Range(0, Requests).Select(i => TestInputs.Uniform(seed: 100 + i, 3 * 48 * 192)).ToArray();
        var reference = silo.Reference("ppocr-cls");
        var expected = inputs.Select(data => reference.Run([Tensor.Create<float>("x", shape, data)])[0].ToArray<float>()).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            using var response = await silo.Client.PostAsync("v2/models/ppocr-cls/infer",
                OipJson.Request([OipJson.Input("x", "FP32", shape, inputs[i])], id: $"r{i}"));
            return await OipJson.ReadAsync(response);
        }));

        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal($"r{i}", responses[i].GetProperty("id").GetString());
            var output = Assert.Single(responses[i].GetProperty("outputs").EnumerateArray());
            Assert.Equal([1L, 2L], OipJson.Shape(output));
            OipJson.AssertClose(expected[i], OipJson.Floats(output), Tolerance);
        }
    }
}
