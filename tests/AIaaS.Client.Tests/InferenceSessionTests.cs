using AIaaS.Errors;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.Client.Tests;

/// <summary>
/// <see cref="IInferenceSession"/>: the server holds the model's state between steps, so each
/// step's answer equals a reference that carries the state itself.
/// </summary>
[Collection(ClientSiloCollection.Name)]
public sealed class InferenceSessionTests(ClientSiloFixture fixture)
{
    private const long SampleRate = 3;

    [Fact(Timeout = 60_000)]
    public async Task Steps_ServerHeldState_EqualTheClientHeldReference()
    {
        await using var sdk = await fixture.ConnectAsync();
        var reference = new AccumulatorReference(SampleRate);
        float[][] steps = [[1, 2], [3, 4], [-5, 0.5f], [2, 2]];

        await using var session = await sdk.Inference.OpenSessionAsync("accumulator");
        for (var i = 0; i < steps.Length - 1; i++)
        {
            Assert.Equal(i, session.NextStep);
            var response = await session.InferAsync(Step(steps[i]));
            Assert.Equal([reference.Step(steps[i])], response.Outputs.Single(o => o.Name == "output").ToArray<float>());
        }

        var last = await session.EndAsync(Step(steps[^1]));

        Assert.Equal([reference.Step(steps[^1])], last.Outputs.Single(o => o.Name == "output").ToArray<float>());
    }

    [Fact(Timeout = 60_000)]
    public async Task TwoSessions_KeepTheirOwnState()
    {
        await using var sdk = await fixture.ConnectAsync();
        var (a, b) = (new AccumulatorReference(SampleRate), new AccumulatorReference(SampleRate));

        await using var first = await sdk.Inference.OpenSessionAsync("accumulator");
        await using var second = await sdk.Inference.OpenSessionAsync("accumulator");
        Assert.NotEqual(first.SessionId, second.SessionId);
        await first.InferAsync(Step(1, 1));
        a.Step(1, 1);
        await second.InferAsync(Step(10, 10));
        b.Step(10, 10);

        Assert.Equal([a.Step(2, 2)], (await first.InferAsync(Step(2, 2))).Outputs.Single(o => o.Name == "output").ToArray<float>());
        Assert.Equal([b.Step(2, 2)], (await second.InferAsync(Step(2, 2))).Outputs.Single(o => o.Name == "output").ToArray<float>());
    }

    [Fact(Timeout = 60_000)]
    public async Task OpenSessionAsync_UnknownModel_NotFound()
    {
        await using var sdk = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InferenceException>(async () =>
        {
            await using var session = await sdk.Inference.OpenSessionAsync("no-such-model");
            await session.InferAsync(Step(1, 1));
        });

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
    }

    private static TensorPayload[] Step(params float[] samples) =>
        [Tensor.Create<float>("input", [1, samples.Length], samples), Tensor.Create<long>("sr", [], [SampleRate])];
}
