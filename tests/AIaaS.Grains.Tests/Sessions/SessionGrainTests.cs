using AIaaS.Errors;
using AIaaS.Grains.Sessions;
using AIaaS.Models;
using AIaaS.Requests;
using AIaaS.Routing;
using AIaaS.Sessions;
using AIaaS.Statistics;
using AIaaS.Tensors;
using AIaaS.Testing;

namespace AIaaS.Grains.Tests.Sessions;

/// <summary>
/// Session grains in a real two-silo cluster on the tiny stateful model (silero-shaped state on
/// axis 1 and one carried sample), checked exactly against <see cref="AccumulatorReference"/>.
/// Each test uses its own session ids.
/// </summary>
public sealed class SessionGrainTests(ModelClusterFixture fixture) : IClassFixture<ModelClusterFixture>
{
    private const long SampleRate = 3;

    private SessionStepCaller Caller => new(fixture.Grains);

    [Fact(Timeout = 60_000)]
    public async Task Step_ServerHeldState_EqualsClientHeldReference()
    {
        await fixture.WaitForSettledAsync("stateful");
        var reference = new AccumulatorReference(SampleRate);
        float[][] steps = [[1, 2], [3, 4], [-5, 0.5f], [10, 20]];

        for (var i = 0; i < steps.Length; i++)
        {
            var result = await StepAsync("t", "exact", "stateful", steps[i], start: i == 0, number: i);

            Assert.Equal(i, result.Number);
            Assert.False(result.Repeated);
            Assert.Equal(i, result.CheckpointedNumber);
            var output = Assert.Single(result.Response.Outputs);
            Assert.Equal("output", output.Name);
            Assert.Equal([1L, 1L], output.Shape);
            Assert.Equal([reference.Step(steps[i])], output.ToArray<float>());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_CheckpointEvery4_StoresEveryFourthStepFromTheSessionsPhaseAndRunsBetween()
    {
        await fixture.WaitForSettledAsync("stateful-every4");
        var reference = new AccumulatorReference(SampleRate);
        var stored = new List<long>();
        var phase = SessionGrain.FirstCheckpoint(SessionKey.Format("t", "every4"), 4);

        for (var i = 0; i < 9; i++)
        {
            var result = await StepAsync("t", "every4", "stateful-every4", [i, 1], start: i == 0, number: i);
            Assert.Equal([reference.Step(i, 1)], result.Response.Outputs[0].ToArray<float>());
            stored.Add(result.CheckpointedNumber);
        }

        // Stored at the phase, then every 4th step: never more than 4 steps unstored.
        long[] expected = [.. Enumerable.Range(0, 9).Select(i => i < phase ? -1L : phase + ((i - phase) / 4 * 4))];
        Assert.Equal(expected, stored);
        Assert.Equal(expected[^1], (await fixture.Grains.GetGrain<ISessionGrain>(SessionKey.Format("t", "every4")).GetInfo())!.CheckpointedNumber);
    }

    [Fact]
    public void FirstCheckpoint_SessionsStartedTogether_SpreadTheirStoresOverThePeriod()
    {
        var phases = Enumerable.Range(0, 64).Select(i => SessionGrain.FirstCheckpoint(SessionKey.Format("t", $"bench-{i}"), 32)).ToArray();

        Assert.All(phases, p => Assert.InRange(p, 0, 31));
        Assert.True(phases.Distinct().Count() >= 20, $"64 sessions' first stores fell on {phases.Distinct().Count()} of 32 steps");
        Assert.Equal(0, SessionGrain.FirstCheckpoint("t/any", 1));
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_RepeatedNumber_AnsweredFromKeptResultWithoutAdvancing()
    {
        await fixture.WaitForSettledAsync("stateful");
        var reference = new AccumulatorReference(SampleRate);
        var first = await StepAsync("t", "repeat", "stateful", [1, 1], start: true, number: 0);
        var second = await StepAsync("t", "repeat", "stateful", [2, 2], number: 1);

        var again = await StepAsync("t", "repeat", "stateful", [2, 2], number: 1);
        var third = await StepAsync("t", "repeat", "stateful", [3, 3], number: 2);

        Assert.Equal([reference.Step(1, 1)], first.Response.Outputs[0].ToArray<float>());
        Assert.Equal([reference.Step(2, 2)], second.Response.Outputs[0].ToArray<float>());
        Assert.True(again.Repeated);
        Assert.Equal(1, again.Number);
        Assert.Equal(second.Response.Outputs[0].ToArray<float>(), again.Response.Outputs[0].ToArray<float>());
        Assert.Equal([reference.Step(3, 3)], third.Response.Outputs[0].ToArray<float>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_Gap_ConflictNamingBothNumbers()
    {
        await fixture.WaitForSettledAsync("stateful");
        await StepAsync("t", "gap", "stateful", [1, 1], start: true, number: 0);

        var ex = await Assert.ThrowsAsync<InferenceException>(() => StepAsync("t", "gap", "stateful", [1, 1], number: 2));

        Assert.Equal(InferenceErrorKind.Conflict, ex.Kind);
        Assert.Equal("session 't/gap' expected step 1 but got step 2; only step 0 can be repeated", ex.Message);
        Assert.Equal(1, (await StepAsync("t", "gap", "stateful", [1, 1], number: 1)).Number);
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_UnknownSessionWithoutStart_NotFoundNamingSession()
    {
        await fixture.WaitForSettledAsync("stateful");

        var ex = await Assert.ThrowsAsync<InferenceException>(() => StepAsync("t", "never-started", "stateful", [1, 1], number: 3));

        Assert.Equal(InferenceErrorKind.NotFound, ex.Kind);
        Assert.Equal("session 't/never-started' is not open (unknown, ended, or released after being idle); its first step must set sequence_start", ex.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_SameSessionIdOfAnotherTenant_IsAnotherSession()
    {
        await fixture.WaitForSettledAsync("stateful");
        var a = new AccumulatorReference(SampleRate);
        var b = new AccumulatorReference(SampleRate);
        await StepAsync("tenant-a", "shared-id", "stateful", [1, 2], start: true, number: 0);
        a.Step(1, 2);

        var notB = await Assert.ThrowsAsync<InferenceException>(() => StepAsync("tenant-b", "shared-id", "stateful", [1, 2], number: 1));
        var startB = await StepAsync("tenant-b", "shared-id", "stateful", [7, 7], start: true, number: 0);
        var stepA = await StepAsync("tenant-a", "shared-id", "stateful", [5, 5], number: 1);

        Assert.Equal(InferenceErrorKind.NotFound, notB.Kind);
        Assert.Contains("'tenant-b/shared-id'", notB.Message, StringComparison.Ordinal);
        Assert.Equal([b.Step(7, 7)], startB.Response.Outputs[0].ToArray<float>());
        Assert.Equal([a.Step(5, 5)], stepA.Response.Outputs[0].ToArray<float>());
        Assert.Equal("tenant-a", (await fixture.Grains.GetGrain<ISessionGrain>(SessionKey.Format("tenant-a", "shared-id")).GetInfo())!.Tenant);
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_IdlePastLimit_ReleasedThenNotFound()
    {
        await fixture.WaitForSettledAsync("stateful-idle");
        var grain = fixture.Grains.GetGrain<ISessionGrain>(SessionKey.Format("t", "idle"));
        await StepAsync("t", "idle", "stateful-idle", [1, 1], start: true, number: 0);
        Assert.NotNull(await grain.GetInfo());

        // The idle timer (a quarter of the 300 ms limit) releases it; polled, not slept.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await grain.GetInfo() is not null)
        {
            await Task.Delay(50, deadline.Token);
        }

        var ex = await Assert.ThrowsAsync<InferenceException>(() => StepAsync("t", "idle", "stateful-idle", [1, 1], number: 1));
        Assert.Equal(InferenceErrorKind.NotFound, ex.Kind);
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_FourSessionsAtOnce_ShareOneBatchAndEachKeepsItsState()
    {
        await fixture.WaitForSettledAsync("stateful-batched");
        var references = Enumerable.Range(0, 4).Select(_ => new AccumulatorReference(SampleRate)).ToArray();

        for (var step = 0; step < 2; step++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(s =>
                StepAsync("t", $"batched-{s}", "stateful-batched", [s, 10 * step], start: step == 0, number: step)));
            for (var s = 0; s < 4; s++)
            {
                Assert.Equal([references[s].Step(s, 10 * step)], results[s].Response.Outputs[0].ToArray<float>());
            }
        }

        // preferred_batch_size 4 with a 10 s delay: eight steps ran as two batches of four.
        var statistics = Assert.Single(await fixture.Grains.GetGrain<IModelGrain>("stateful-batched").GetStatistics(1));
        Assert.Equal(2, statistics.ExecutionCount);
        Assert.Equal(8, statistics.InferenceCount);
        Assert.Equal(4, Assert.Single(statistics.BatchStats).BatchSize);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetStatistics_StatefulModel_CountsSessionsStepsRepeatsAndStoresOfEverySilo()
    {
        await fixture.WaitForSettledAsync("stateful-counted");
        var model = fixture.Grains.GetGrain<IModelGrain>("stateful-counted");
        for (var i = 0; i < 3; i++)
        {
            await StepAsync("t", "counted-a", "stateful-counted", [i, 1], start: i == 0, number: i);
        }

        await StepAsync("t", "counted-a", "stateful-counted", [2, 1], number: 2);
        await StepAsync("t", "counted-b", "stateful-counted", [1, 1], start: true, number: 0);
        // every 2 from each session's phase: steps 0-2 of a store at p and p + 2, step 0 of b at p = 0.
        var phaseA = SessionGrain.FirstCheckpoint(SessionKey.Format("t", "counted-a"), 2);
        var phaseB = SessionGrain.FirstCheckpoint(SessionKey.Format("t", "counted-b"), 2);
        var stores = (phaseA == 0 ? 2 : 1) + (phaseB == 0 ? 1 : 0);

        var open = await WaitForSequenceAsync(model, s => s.Steps == 4);
        Assert.Equal((2L, 2L, 4L, 1L, 0L, (long)stores), (open.Active, open.Started, open.Steps, open.Repeated, open.Failovers, open.Checkpoints.Count));

        Assert.True(await fixture.Grains.GetGrain<ISessionGrain>(SessionKey.Format("t", "counted-a")).End());
        var closed = await WaitForSequenceAsync(model, s => s.Active == 1);
        Assert.Equal((2L, 4L), (closed.Started, closed.Steps));
        Assert.Null(Assert.Single(await fixture.Grains.GetGrain<IModelGrain>("sum").GetStatistics(1)).Sequence);
    }

    // The silos report within a second of a change (SessionStatisticsReporter.Period).
    private static async Task<SequenceStatistics> WaitForSequenceAsync(IModelGrain model, Func<SequenceStatistics, bool> done)
    {
        SequenceStatistics? last = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            last = Assert.Single(await model.GetStatistics(1)).Sequence;
            Assert.NotNull(last);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"sequence statistics never reached the expected counts; last: {last}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_EndThenAnotherStep_EndAnsweredAgainAndNextIsNotFound()
    {
        await fixture.WaitForSettledAsync("stateful");
        await StepAsync("t", "ends", "stateful", [1, 1], start: true, number: 0);
        var end = await StepAsync("t", "ends", "stateful", [2, 2], number: 1, end: true);

        var again = await StepAsync("t", "ends", "stateful", [2, 2], number: 1, end: true);
        var after = await Assert.ThrowsAsync<InferenceException>(() => StepAsync("t", "ends", "stateful", [3, 3], number: 2));

        Assert.True(again.Repeated);
        Assert.Equal(end.Response.Outputs[0].ToArray<float>(), again.Response.Outputs[0].ToArray<float>());
        Assert.Equal(InferenceErrorKind.NotFound, after.Kind);
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_CallerSendsTheStateInput_InvalidArgumentNamingIt()
    {
        await fixture.WaitForSettledAsync("stateful");
        var step = Step("stateful", [1, 1], start: true, number: 0);
        step = new SessionStep
        {
            Model = step.Model,
            Start = true,
            Number = 0,
            Request = new InferenceRequest { Inputs = [.. step.Request.Inputs, Tensor.Create<float>("state", [2, 1, 2], [0, 0, 0, 0])] },
        };

        var ex = await Assert.ThrowsAsync<InferenceException>(() => Caller.StepAsync("t", "sends-state", step));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("input 'state' is the session's state (from output 'stateN' of the previous step); do not send it in a session step", ex.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Step_ModelWithoutSequenceBatching_InvalidArgument()
    {
        await fixture.WaitForSettledAsync("scale");

        var ex = await Assert.ThrowsAsync<InferenceException>(() => Caller.StepAsync("t", "stateless", new SessionStep
        {
            Model = "scale",
            Start = true,
            Request = new InferenceRequest { Inputs = [Tensor.Create<float>("x", [1, 4], [1, 2, 3, 4])] },
        }));

        Assert.Equal(InferenceErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("model 'scale' has no sequence_batching: it is not stateful; call it without sequence parameters", ex.Message);
    }

    private Task<SessionStepResult> StepAsync(string tenant, string id, string model, float[] samples, bool start = false, long? number = null, bool end = false) =>
        Caller.StepAsync(tenant, id, Step(model, samples, start, number, end));

    private static SessionStep Step(string model, float[] samples, bool start = false, long? number = null, bool end = false) => new()
    {
        Model = model,
        Start = start,
        End = end,
        Number = number,
        Request = new InferenceRequest
        {
            Inputs = [Tensor.Create<float>("input", [1, samples.Length], samples), Tensor.Create<long>("sr", [], [SampleRate])],
        },
    };
}
