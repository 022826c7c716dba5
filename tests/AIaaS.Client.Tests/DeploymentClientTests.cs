using AIaaS.Errors;
using AIaaS.Tensors;

namespace AIaaS.Client.Tests;

/// <summary><see cref="IDeploymentClient"/>: scaling a model's replicas and reading back why.</summary>
[Collection(ClientSiloCollection.Name)]
public sealed class DeploymentClientTests(ClientSiloFixture fixture)
{
    [Fact(Timeout = 60_000)]
    public async Task ScaleAsync_TwoReplicas_ServedAndRecorded()
    {
        await using var sdk = await fixture.ConnectAsync();

        var scaled = await sdk.Deployment.ScaleAsync("add-one", 2);
        var history = await sdk.Deployment.GetScalingHistoryAsync("add-one");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            sdk.Inference.InferAsync("add-one", [Tensor.Create<float>("x", [1, 4], [i, i, i, i])])));

        Assert.Equal(2, Assert.Single(scaled.Versions).Config.Replicas);
        Assert.Equal((1, 2, "set by an operator"), (history[^1].From, history[^1].To, history[^1].Reason));
        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal(Enumerable.Repeat(i + 1f, 4), answers[i].Outputs[0].ToArray<float>());
        }

        await sdk.Deployment.ScaleAsync("add-one", 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task ScaleAsync_NoReplicas_Refused()
    {
        await using var sdk = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InferenceException>(() => sdk.Deployment.ScaleAsync("add-one", 0));

        Assert.Equal(InferenceErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("replicas must be from 1 to ", error.Message, StringComparison.Ordinal);
    }
}
