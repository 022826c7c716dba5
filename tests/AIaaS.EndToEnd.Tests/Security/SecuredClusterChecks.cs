using System.Runtime.InteropServices;
using AIaaS.Tensors;
using AIaaS.Testing;
using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests.Security;

/// <summary>What every secured-cluster test checks first: ppocr-cls served through the front from a worker, and by the CLI through the SDK.</summary>
internal static class SecuredClusterChecks
{
    /// <summary>Loads ppocr-cls as <c>cls</c> and infers through the front, which hosts no replica (the call crosses to a worker); returns the input and ONNX Runtime's own output for it.</summary>
    public static async Task<(TensorPayload Input, TensorPayload Expected)> ServeClsThroughFrontAsync(SiloCluster cluster)
    {
        cluster.AddModel("cls", RepositoryPaths.RealModel("ppocr-cls"));
        await cluster.LoadModelAsync("cls");
        var input = TestTensors.PpocrClsInput();
        var expected = ReferenceOutputs.Run("ppocr-cls", input).Single();
        using var http = new OipHttp(cluster.Front);
        var throughFront = await http.InferFloatsAsync("cls", input);
        ReferenceOutputs.AssertClose(expected.ToArray<float>(), throughFront[expected.Name], what: "through the front");
        return (input, expected);
    }

    /// <summary>Runs <c>aiaas infer cls</c> through the SDK, finding the cluster through its Redis, with <paramref name="switches"/>; asserts it printed the output.</summary>
    public static async Task AssertCliInfersAsync(SiloCluster cluster, TensorPayload input, TensorPayload expected, params string[] switches)
    {
        using var files = new TemporaryDirectory("aiaas-secured-cli");
        var npy = files.Combine("x.npy");
        await File.WriteAllBytesAsync(npy, NpyFile.Build("<f4", "(1, 3, 48, 192)", MemoryMarshal.AsBytes(input.ToArray<float>().AsSpan())));
        var cli = await CliProcess.RunAsync(["infer", "cls", "--input", $"x={npy}", "--redis", cluster.Redis.ConnectionString, "--cluster-id", cluster.ClusterId, .. switches]);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains(expected.Name + " FP32 [1,2]", cli.Stdout, StringComparison.Ordinal);
    }
}
