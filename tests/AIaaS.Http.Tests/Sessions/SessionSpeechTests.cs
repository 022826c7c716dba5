using System.Net;
using System.Text.Json;
using AIaaS.Testing.Audio;

namespace AIaaS.Http.Tests.Sessions;

/// <summary>
/// Sessions over HTTP with Triton's sequence extension on real speech (espeak-ng and sox, made in
/// the fixture) through the real silero-vad: server-held state against a client-held-state run,
/// batches shared by sessions, ordering, repeats, gaps, unknown sessions and the admin view.
/// </summary>
public sealed class SessionSpeechTests(SessionSiloFixture silo) : IClassFixture<SessionSiloFixture>
{
    private const double Tolerance = 1e-5;

    [Fact(Timeout = 180_000)]
    public async Task Infer_FourSpeechSessionsInLockstep_EachEqualsClientHeldStateAndEveryBatchHoldsFour()
    {
        var sessions = silo.Speech.Length;
        var references = silo.Speech.Select(s => SileroReference.Probabilities(inputs => silo.Reference.Run(inputs), s)).ToArray();
        var rounds = references.Min(r => r.Length);
        var served = references.Select(_ => new float[rounds]).ToArray();

        for (var step = 0; step < rounds; step++)
        {
            var round = step;
            var answers = await Task.WhenAll(Enumerable.Range(0, sessions).Select(s => StepAsync(
                "silero-vad", 1001 + s, SileroReference.ChunkOf(silo.Speech[s], round), start: round == 0, end: round == rounds - 1, step: round)));
            for (var s = 0; s < sessions; s++)
            {
                var output = Assert.Single(answers[s].GetProperty("outputs").EnumerateArray());
                Assert.Equal("output", output.GetProperty("name").GetString());
                served[s][step] = Assert.Single(OipJson.Floats(output));
            }
        }

        for (var s = 0; s < sessions; s++)
        {
            OipJson.AssertClose(references[s].AsSpan(0, rounds), served[s], Tolerance);
            // Real speech: silence first (the padding), speech somewhere after.
            Assert.True(references[s][0] < 0.2f, $"session {s} starts with speech probability {references[s][0]}");
            Assert.True(references[s].Max() > 0.5f, $"session {s} never exceeds speech probability 0.5");
        }

        // preferred_batch_size 4 with a 5 s delay: every round ran as one batch of the four sessions.
        using var response = await silo.Client.GetAsync("v2/models/silero-vad/stats");
        var entry = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("model_stats").EnumerateArray());
        Assert.Equal(rounds, entry.GetProperty("execution_count").GetInt64());
        Assert.Equal(sessions * rounds, entry.GetProperty("inference_count").GetInt64());
        Assert.Equal(4, Assert.Single(entry.GetProperty("batch_stats").EnumerateArray()).GetProperty("batch_size").GetInt32());

        // sequence_stats: the silos report their sessions within a second; every step stored (every_step), every session ended.
        var sequence = await SequenceStatsAsync(s => s.GetProperty("steps").GetInt64() == sessions * rounds);
        Assert.Equal(
            (0L, (long)sessions, 0L, 0L, (long)(sessions * rounds)),
            (sequence.GetProperty("active").GetInt64(), sequence.GetProperty("started").GetInt64(), sequence.GetProperty("repeated").GetInt64(),
             sequence.GetProperty("failovers").GetInt64(), sequence.GetProperty("checkpoints").GetProperty("count").GetInt64()));
        Assert.True(sequence.GetProperty("checkpoints").GetProperty("ns").GetInt64() > 0);
    }

    private async Task<JsonElement> SequenceStatsAsync(Func<JsonElement, bool> done)
    {
        var last = default(JsonElement);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await silo.Client.GetAsync("v2/models/silero-vad/stats");
            var entry = Assert.Single((await OipJson.ReadAsync(response)).GetProperty("model_stats").EnumerateArray());
            last = entry.GetProperty("sequence_stats");
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"sequence_stats never reached the expected counts; last: {last}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_RepeatedStepAndGap_RepeatAnsweredAgainAndGapIs409NamingBoth()
    {
        var speech = silo.Speech[0];
        var reference = SileroReference.Probabilities(inputs => silo.Reference.Run(inputs), speech);
        await StepAsync("silero-direct", "repeat-and-gap", SileroReference.ChunkOf(speech, 0), start: true, step: 0);
        var first = await StepAsync("silero-direct", "repeat-and-gap", SileroReference.ChunkOf(speech, 1), step: 1);

        var repeated = await StepAsync("silero-direct", "repeat-and-gap", SileroReference.ChunkOf(speech, 1), step: 1);
        using var gap = await PostStepAsync("silero-direct", "repeat-and-gap", SileroReference.ChunkOf(speech, 3), step: 3);
        var second = await StepAsync("silero-direct", "repeat-and-gap", SileroReference.ChunkOf(speech, 2), step: 2);

        Assert.Equal(OipJson.Floats(first.GetProperty("outputs")[0]), OipJson.Floats(repeated.GetProperty("outputs")[0]));
        await OipJson.AssertErrorAsync(gap, HttpStatusCode.Conflict, "session 'default/repeat-and-gap' expected step 2 but got step 3");
        OipJson.AssertClose(reference.AsSpan(1, 2), [OipJson.Floats(first.GetProperty("outputs")[0])[0], OipJson.Floats(second.GetProperty("outputs")[0])[0]], Tolerance);
    }

    [Fact(Timeout = 60_000)]
    public async Task Infer_StepOfUnknownSequence_404NamingSession()
    {
        using var response = await PostStepAsync("silero-direct", 987654321, SileroReference.ChunkOf(silo.Speech[0], 0), step: 5);

        await OipJson.AssertErrorAsync(response, HttpStatusCode.NotFound, "session 'default/987654321' is not open", "sequence_start");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("""{"sequence_start": true}""", "need a non-zero 'sequence_id'")]
    [InlineData("""{"sequence_id": 1.5}""", "parameter 'sequence_id' must be a non-negative integer or a string")]
    [InlineData("""{"sequence_id": "x", "sequence_step": -1}""", "parameter 'sequence_step' must be a non-negative integer")]
    [InlineData("""{"sequence_id": "x", "sequence_end": "yes"}""", "parameter 'sequence_end' must be true or false")]
    public async Task Infer_BadSequenceParameters_400NamingParameter(string parameters, string fragment)
    {
        var json = $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 1], "data": [0]}], "parameters": {{parameters}}}""";

        using var response = await silo.Client.PostAsync("v2/models/silero-direct/infer", OipJson.Body(json));

        await OipJson.AssertErrorAsync(response, HttpStatusCode.BadRequest, fragment);
    }

    [Fact(Timeout = 60_000)]
    public async Task AdminSessions_StartedSession_ListedShownAndEnded()
    {
        await StepAsync("silero-direct", "admin-view", SileroReference.ChunkOf(silo.Speech[1], 0), start: true, step: 0);

        using var list = await silo.Client.GetAsync("admin/sessions?tenant=default&model=silero-direct");
        var listed = (await OipJson.ReadAsync(list)).GetProperty("sessions").EnumerateArray().ToArray();
        using var show = await silo.Client.GetAsync("admin/sessions/default/admin-view");
        var shown = await OipJson.ReadAsync(show);
        using var end = await silo.Client.DeleteAsync("admin/sessions/default/admin-view");
        await OipJson.ReadAsync(end);
        using var after = await PostStepAsync("silero-direct", "admin-view", SileroReference.ChunkOf(silo.Speech[1], 1), step: 1);

        Assert.Contains(listed, s => s.GetProperty("session_id").GetString() == "admin-view");
        Assert.Equal("silero-direct", shown.GetProperty("model").GetString());
        Assert.Equal(1, shown.GetProperty("version").GetInt32());
        Assert.Equal(1, shown.GetProperty("next_number").GetInt64());
        Assert.Equal(0, shown.GetProperty("checkpointed_number").GetInt64());
        await OipJson.AssertErrorAsync(after, HttpStatusCode.NotFound, "session 'default/admin-view' is not open");
    }

    private async Task<JsonElement> StepAsync(string model, object sequenceId, float[] chunk, bool start = false, bool end = false, long? step = null)
    {
        using var response = await PostStepAsync(model, sequenceId, chunk, start, end, step);
        return await OipJson.ReadAsync(response);
    }

    private Task<HttpResponseMessage> PostStepAsync(string model, object sequenceId, float[] chunk, bool start = false, bool end = false, long? step = null)
    {
        var parameters = new Dictionary<string, object> { ["sequence_id"] = sequenceId, ["sequence_start"] = start, ["sequence_end"] = end };
        if (step is { } number)
        {
            parameters["sequence_step"] = number;
        }

        var body = new
        {
            inputs = new[] { OipJson.Input("input", "FP32", [1, chunk.Length], chunk), OipJson.Input("sr", "INT64", [], new[] { 16000L }) },
            parameters,
        };
        return silo.Client.PostAsync($"v2/models/{model}/infer", OipJson.Body(body));
    }
}
