using AIaaS.Models;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Rollouts;

/// <summary>
/// A shadow copy on a real replica grain: the router bounds the copies a candidate holds by
/// counting each in flight until its call completes, so the call must complete only once the copy
/// has run and been compared.
/// </summary>
public sealed class ShadowCopyTests(ModelClusterFixture fixture) : IClassFixture<ModelClusterFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Shadow_Awaited_CompletesOnlyAfterTheCopyRanAndWasCompared()
    {
        await fixture.WaitForSettledAsync("shadowed");
        var replica = fixture.Grains.GetGrain<IModelReplicaGrain>(ReplicaKey.Format("shadowed", 1, 0));
        var before = (await replica.GetFigures(takeMaxOutputDiff: true)).Totals;

        for (var i = 1; i <= 4; i++)
        {
            var request = new InferenceRequest { Id = $"copy{i}", Inputs = [Tensor.Create<float>("x", [1, 4], [i, i, i, i])] };
            // The stable version's answer, off by 0.5 in one element from what this model computes.
            var reference = Tensor.Create<float>("y", [1, 4], [2f * i, 2f * i, 2f * i, (2f * i) + 0.5f]);

            await replica.Shadow(request, [reference]);

            var totals = (await replica.GetFigures(takeMaxOutputDiff: false)).Totals;
            Assert.Equal((before.Requests + i, before.Compared + i, before.ServerErrors), (totals.Requests, totals.Compared, totals.ServerErrors));
            Assert.Equal(0.5, totals.MaxOutputDiff, 6);
        }
    }
}
