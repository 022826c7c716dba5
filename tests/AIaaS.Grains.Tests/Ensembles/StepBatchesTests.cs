using System.Runtime.InteropServices;
using AIaaS.Grains.Ensembles;
using AIaaS.Grains.Tests.Batching;
using AIaaS.Models;
using AIaaS.Requests;
using AIaaS.Tensors;
using static AIaaS.Grains.Tests.Ensembles.TestPipelines;

namespace AIaaS.Grains.Tests.Ensembles;

public sealed class StepBatchesTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly GatedStepInvoker _steps = new();

    [Fact(Timeout = Timeout)]
    public async Task RunAsync_MoreRowsThanMaxBatchSize_CallsInPartsOfAtMostMaxAndJoinsInOrder()
    {
        var step = Step(maxBatchSize: 2);
        var request = new InferenceRequest { Id = "r1", Inputs = [], Priority = 2, TimeoutMicroseconds = 5_000, Tenant = "acme" };
        TensorPayload[] inputs = [TestTensors.Fp32("x", [5, 2], TestTensors.Sequence(10, 0)), TestTensors.Int64("mask", [5], 10, 11, 12, 13, 14)];

        var running = StepBatches.RunAsync(step, inputs, request, _steps.Invoker);

        var parts = new[] { await _steps.NextCallAsync(), await _steps.NextCallAsync(), await _steps.NextCallAsync() };
        Assert.False(_steps.HasUntakenCall);
        Assert.Equal([[2L, 2L], [2L, 2L], [1L, 2L]], parts.Select(p => p.Request.Inputs[0].Shape));
        Assert.Equal([[0f, 1, 2, 3], [4f, 5, 6, 7], [8f, 9]], parts.Select(p => TestTensors.ToFloats(p.Request.Inputs[0])));
        Assert.Equal([[2L], [2L], [1L]], parts.Select(p => p.Request.Inputs[1].Shape));
        Assert.Equal([[10L, 11], [12L, 13], [14L]], parts.Select(p => Int64s(p.Request.Inputs[1])));
        foreach (var part in parts)
        {
            Assert.Equal(["x", "mask"], part.Request.Inputs.Select(i => i.Name));
            Assert.Equal(["y", "count"], part.Request.Outputs!);
            Assert.Equal(("scale", "3", "r1", 2, 5_000L, "acme"), (part.Model, part.Version, part.Request.Id, part.Request.Priority, part.Request.TimeoutMicroseconds, part.Request.Tenant));
        }

        // Answered last part first: the join follows the rows, not the order the parts finish in;
        // and that part names its outputs in another order: they are joined by name.
        parts[2].Return(TestTensors.Int64("count", [1], 1), TestTensors.Fp32("y", [1, 2], 80, 90));
        parts[0].Return(TestTensors.Fp32("y", [2, 2], 0, 10, 20, 30), TestTensors.Int64("count", [2], 2, 2));
        Assert.False(running.IsCompleted);
        parts[1].Return(TestTensors.Fp32("y", [2, 2], 40, 50, 60, 70), TestTensors.Int64("count", [2], 3, 3));

        var outputs = await running.WaitAsync(WaitLimit);
        Assert.Equal(["y", "count"], outputs.Select(o => o.Name));
        Assert.Equal([5L, 2L], outputs[0].Shape);
        Assert.Equal([0f, 10, 20, 30, 40, 50, 60, 70, 80, 90], TestTensors.ToFloats(outputs[0]));
        Assert.Equal([5L], outputs[1].Shape);
        Assert.Equal([2L, 2, 3, 3, 1], Int64s(outputs[1]));
    }

    [Fact(Timeout = Timeout)]
    public async Task RunAsync_RowsWithinMaxBatchSize_OneCallWithTheInputsWhole()
    {
        var x = TestTensors.Fp32("x", [2, 2], 1, 2, 3, 4);
        var mask = TestTensors.Int64("mask", [2], 1, 1);
        var y = TestTensors.Fp32("y", [2, 2], 5, 6, 7, 8);
        var count = TestTensors.Int64("count", [2], 1, 1);

        var running = StepBatches.RunAsync(Step(maxBatchSize: 2), [x, mask], new InferenceRequest { Inputs = [] }, _steps.Invoker);

        var call = await _steps.NextCallAsync();
        Assert.False(_steps.HasUntakenCall);
        Assert.Equal([x, mask], call.Request.Inputs);
        call.Return(y, count);
        Assert.Equal([y, count], await running.WaitAsync(WaitLimit));
    }

    [Fact(Timeout = Timeout)]
    public async Task RunAsync_ModelWithoutBatchAxis_OneCallWhateverTheRows()
    {
        var x = TestTensors.Fp32("x", [5, 2], TestTensors.Sequence(10, 0));
        var mask = TestTensors.Int64("mask", [5], 1, 1, 1, 1, 1);

        var running = StepBatches.RunAsync(Step(maxBatchSize: 0), [x, mask], new InferenceRequest { Inputs = [] }, _steps.Invoker);

        var call = await _steps.NextCallAsync();
        Assert.False(_steps.HasUntakenCall);
        Assert.Equal([x, mask], call.Request.Inputs);
        call.Return(TestTensors.Fp32("y", [5, 2], TestTensors.Sequence(10, 0)), TestTensors.Int64("count", [5], 1, 1, 1, 1, 1));
        await running.WaitAsync(WaitLimit);
    }

    [Fact(Timeout = Timeout)]
    public async Task RunAsync_NoRows_NoCallAndEmptyOutputsShapedAsTheModelDeclares()
    {
        TensorPayload[] inputs = [TestTensors.Fp32("x", [0, 2]), TestTensors.Int64("mask", [0])];

        var outputs = await StepBatches.RunAsync(Step(maxBatchSize: 2), inputs, new InferenceRequest { Inputs = [] }, _steps.Invoker).WaitAsync(WaitLimit);

        Assert.False(_steps.HasUntakenCall);
        Assert.Equal([("y", TensorDataType.Fp32), ("count", TensorDataType.Int64)], outputs.Select(o => (o.Name, o.DataType)));
        Assert.Equal([[0L, 2L], [0L]], outputs.Select(o => o.Shape));
        Assert.All(outputs, o => Assert.True(o.Data.IsEmpty));
    }

    /// <summary>Step 0 of a pipeline calling version 3 of "scale": x [-1, 2], mask [-1] to y [-1, 2], count [-1].</summary>
    private static EnsembleStep Step(int maxBatchSize) => new(
        0,
        "ensemble_scheduling.step[0] (model 'scale')",
        "scale",
        "3",
        [new("x", "pixels"), new("mask", "mask")],
        [new("y", "scaled"), new("count", "counts")],
        new ModelConfig { Name = "scale", MaxBatchSize = maxBatchSize },
        new ModelSignature(
            [Fp32("x", -1, 2), new TensorSpec("mask", TensorDataType.Int64, [-1])],
            [Fp32("y", -1, 2), new TensorSpec("count", TensorDataType.Int64, [-1])]));

    private static long[] Int64s(TensorPayload payload) => MemoryMarshal.Cast<byte, long>(payload.Data.Span).ToArray();
}
