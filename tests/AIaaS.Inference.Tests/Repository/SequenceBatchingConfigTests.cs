using AIaaS.Repository;
using AIaaS.Models;

namespace AIaaS.Inference.Tests.Repository;

/// <summary><c>sequence_batching</c> with Triton's strategy names and our checkpoint: parsing, writing and validation.</summary>
public sealed class SequenceBatchingConfigTests
{
    private const string Oldest = """
        {
          "name": "silero-vad",
          "max_batch_size": 64,
          "sequence_batching": {
            "max_sequence_idle_microseconds": 5000000,
            "oldest": { "max_candidate_sequences": 256, "preferred_batch_size": [16, 32], "max_queue_delay_microseconds": 2000 },
            "checkpoint": { "every": 32 },
            "state": [
              { "input_name": "state", "output_name": "stateN", "data_type": "TYPE_FP32", "dims": [2, 128], "batch_axis": 1 },
              { "input_name": "input", "output_name": "input", "data_type": "TYPE_FP32", "dims": [64], "batch_axis": 0 }
            ]
          }
        }
        """;

    [Fact]
    public void Parse_OldestAndEvery32_ReadsEveryField()
    {
        var sequence = ModelConfigJson.Parse(Oldest).SequenceBatching!;

        Assert.Equal(256, sequence.Oldest!.MaxCandidateSequences);
        Assert.Equal([16, 32], sequence.Oldest.PreferredBatchSize);
        Assert.Equal(2000, sequence.Oldest.MaxQueueDelayMicroseconds);
        Assert.Null(sequence.Direct);
        Assert.Equal(32, sequence.Checkpoint!.Every);
    }

    [Fact]
    public void Serialize_Checkpoint_WritesEveryStepAsStringAndEveryNAsObject()
    {
        var every32 = ModelConfigJson.Parse(Oldest);
        var everyStep = every32 with { SequenceBatching = every32.SequenceBatching! with { Checkpoint = SequenceCheckpointConfig.EveryStep, Oldest = null, Direct = new SequenceBatchingDirectConfig { MaxQueueDelayMicroseconds = 100 } } };

        var json32 = ModelConfigJson.Serialize(every32);
        var jsonStep = ModelConfigJson.Serialize(everyStep);

        Assert.Contains("\"checkpoint\": {\n      \"every\": 32\n    }", json32.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\"checkpoint\": \"every_step\"", jsonStep, StringComparison.Ordinal);
        Assert.Contains("\"direct\": {", jsonStep, StringComparison.Ordinal);
        Assert.Equal(1, ModelConfigJson.Parse(jsonStep).SequenceBatching!.Checkpoint!.Every);
        Assert.Equal(json32, ModelConfigJson.Serialize(ModelConfigJson.Parse(json32)));
    }

    [Theory]
    [InlineData("\"every_other_step\"", "not 'every_other_step'")]
    [InlineData("{\"each\": 2}", "not a field 'each'")]
    [InlineData("5", "not number")]
    public void Parse_BadCheckpoint_ThrowsNamingBothForms(string checkpoint, string what)
    {
        var ex = Assert.Throws<ModelRepositoryException>(() => ModelConfigJson.Parse(
            "{\"name\": \"m\", \"sequence_batching\": {\"checkpoint\": " + checkpoint + "}}", "m/config.json"));

        Assert.Contains("sequence_batching.checkpoint must be \"every_step\" or {\"every\": N}, " + what, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownStrategyField_NamesItWithPath()
    {
        var ex = Assert.Throws<ModelRepositoryException>(() => ModelConfigJson.Parse(
            """{"name": "m", "sequence_batching": {"oldest": {"max_candidates": 4}}}""", "m/config.json"));

        Assert.Equal(
            ["unknown field 'max_candidates' at $.sequence_batching.oldest (known fields: max_candidate_sequences, preferred_batch_size, max_queue_delay_microseconds)"],
            ex.Errors);
    }

    [Fact]
    public void Validate_BadStrategyAndCheckpoint_ReportsEveryFieldAtOnce()
    {
        var config = new ModelConfig
        {
            Name = "m",
            MaxBatchSize = 8,
            SequenceBatching = new SequenceBatchingConfig
            {
                Direct = new SequenceBatchingDirectConfig { MaxQueueDelayMicroseconds = -1 },
                Oldest = new SequenceBatchingOldestConfig { MaxCandidateSequences = -2, PreferredBatchSize = [4, 9], MaxQueueDelayMicroseconds = -3 },
                Checkpoint = new SequenceCheckpointConfig { Every = 0 },
                State = [new SequenceStateConfig { InputName = "input", OutputName = "input", Dims = [2, 32], BatchAxis = 1 }],
            },
        };

        Assert.Equal(
            [
                "sequence_batching must set at most one of direct, oldest",
                "sequence_batching.direct.max_queue_delay_microseconds must be >= 0, not -1",
                "sequence_batching.oldest.max_candidate_sequences must be >= 0 (0 means unbounded), not -2",
                "sequence_batching.oldest.max_queue_delay_microseconds must be >= 0, not -3",
                "sequence_batching.oldest.preferred_batch_size[1] = 9 must be between 1 and max_batch_size (8)",
                "sequence_batching.checkpoint.every must be >= 1 (1 is every_step), not 0",
                "sequence_batching.state[0] carries a slice of input 'input': dims must have one entry (the samples carried) and batch_axis must be 0",
            ],
            ModelConfigValidator.Validate(config, "m"));
    }

    [Fact]
    public void Validate_CatalogSileroEntry_NoErrors()
    {
        var config = ModelConfigJson.Normalize(ModelConfigJson.Parse(Oldest), "silero-vad");

        Assert.Empty(ModelConfigValidator.Validate(config, "silero-vad"));
    }
}
