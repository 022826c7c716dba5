using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Tensors;
using AIaaS.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AIaaS.Client.Tests;

/// <summary><see cref="IInferenceClient"/> against a silo process: answers, errors as <see cref="InferenceException"/> kinds, deployments.</summary>
[Collection(ClientSiloCollection.Name)]
public sealed class InferenceClientTests(ClientSiloFixture fixture)
{
    [Fact(Timeout = 60_000)]
    public async Task InferAsync_AddOne_EveryElementPlusOne()
    {
        await using var sdk = await fixture.ConnectAsync();
        float[] x = [1, 2, 3, 4, -1, -2, -3, 0.5f];

        var response = await sdk.Inference.InferAsync("add-one", [Tensor.Create<float>("x", [2, 4], x)]);

        Assert.Equal("add-one", response.ModelName);
        Assert.Equal("1", response.ModelVersion);
        var y = Assert.Single(response.Outputs);
        Assert.Equal("y", y.Name);
        Assert.Equal(new long[] { 2, 4 }, y.Shape);
        Assert.Equal(x.Select(v => v + 1), y.ToArray<float>());
    }

    [Fact(Timeout = 60_000)]
    public async Task InferAsync_RequestedOutputsAndVersion_AreHonoured()
    {
        await using var sdk = await fixture.ConnectAsync();
        var request = new InferenceRequest { Inputs = [Tensor.Create<float>("x", [1, 4], [0, 0, 0, 0])], Outputs = ["y"] };

        var response = await sdk.Inference.InferAsync("add-one", request, version: "1");

        Assert.Equal([1f, 1f, 1f, 1f], Assert.Single(response.Outputs).ToArray<float>());
        var missing = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.InferAsync("add-one", request, version: "7"));
        Assert.Equal(InferenceErrorKind.NotFound, missing.Kind);
    }

    [Fact(Timeout = 60_000)]
    public async Task InferAsync_UnknownModel_NotFoundNamingIt()
    {
        await using var sdk = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.InferAsync("no-such-model", [Tensor.Create<float>("x", [1, 4], [0, 0, 0, 0])]));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Contains("'no-such-model'", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("z", 4, "unexpected input 'z'")]
    [InlineData("x", 3, "input 'x'")]
    public async Task InferAsync_InputTheModelDoesNotTake_InvalidArgumentNamingIt(string name, int width, string expected)
    {
        await using var sdk = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InferenceException>(() => sdk.Inference.InferAsync("add-one", [Tensor.Create<float>(name, [1, width], new float[width])]));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetModelAsync_ReadyVersionWithItsConfiguration()
    {
        await using var sdk = await fixture.ConnectAsync();
        await sdk.Inference.InferAsync("add-one", [Tensor.Create<float>("x", [1, 4], [0, 0, 0, 0])]);

        var deployment = await sdk.Inference.GetModelAsync("add-one");

        Assert.Equal("add-one", deployment.Name);
        var version = Assert.Single(deployment.Versions);
        Assert.Equal(1, version.Version);
        Assert.Equal(ModelVersionStatus.Ready, version.Status);
        Assert.Equal(8, version.Config.MaxBatchSize);
        Assert.NotNull(version.Config.DynamicBatching);
        Assert.Equal(64, version.Sha256.Length);
    }

    [Fact(Timeout = 60_000)]
    public async Task AddAIaaSClient_FromConfiguration_ReadsTheAIaaSSection()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AIaaS:GatewayPort"] = fixture.Silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AIaaS:ClusterId"] = "aiaas",
        });
        builder.Services.AddAIaaSClient(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();

        var response = await host.Services.GetRequiredService<IInferenceClient>().InferAsync("add-one", [Tensor.Create<float>("x", [1, 4], [9, 9, 9, 9])]);

        Assert.Equal([10f, 10f, 10f, 10f], Assert.Single(response.Outputs).ToArray<float>());
        await host.StopAsync();
    }
}
