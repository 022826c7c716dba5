using AIaaS.Inference.Processors;
using AIaaS.Models;
using AIaaS.Repository;
using AIaaS.Testing;

namespace AIaaS.Inference.Tests.Repository;

public sealed class PipelineConfigValidatorTests : IDisposable
{
    private static readonly ModelConfig Pipeline = new()
    {
        Name = "pipe",
        Platform = ModelPlatforms.Ensemble,
        Output = [new ModelTensorConfig { Name = "labels" }],
        EnsembleScheduling = new EnsembleSchedulingConfig
        {
            Step =
            [
                Step("decode", ("image", "image"), ("pixels", "pixels")),
                Step("classify", ("x", "pixels"), ("probabilities", "probabilities")),
                Step("top", ("probabilities", "probabilities"), ("labels", "labels")),
            ],
        },
    };

    private readonly TemporaryDirectory root = new();

    [Fact]
    public void Validate_ValidPipeline_NoErrors()
    {
        Assert.Empty(ModelConfigValidator.Validate(Pipeline, "pipe"));
    }

    [Fact]
    public void Validate_Cycle_NamesTheStepsInIt()
    {
        var steps = Pipeline.EnsembleScheduling!.Step;
        var config = Pipeline with
        {
            EnsembleScheduling = new EnsembleSchedulingConfig { Step = [steps[0] with { InputMap = Map(("image", "labels")) }, steps[1], steps[2]] },
        };

        Assert.Equal(
            ["the steps form a cycle: ensemble_scheduling.step[0] (model 'decode') -> ensemble_scheduling.step[2] (model 'top') -> ensemble_scheduling.step[1] (model 'classify') -> ensemble_scheduling.step[0] (model 'decode')"],
            ModelConfigValidator.Validate(config, "pipe"));
    }

    [Fact]
    public void Validate_StepFaults_ReportsEveryErrorNamingStepAndTensor()
    {
        var config = Pipeline with
        {
            MaxBatchSize = 8,
            Output = [new ModelTensorConfig { Name = "missing" }],
            EnsembleScheduling = new EnsembleSchedulingConfig
            {
                Step =
                [
                    Step("decode", ("image", "image"), ("pixels", "pixels")),
                    Step("pipe", ("x", "pixels"), ("pixels", "pixels")) with { ModelVersion = 0 },
                    Step("", ("x", ""), ("y", "y")) with { OutputMap = new Dictionary<string, string>() },
                ],
            },
        };

        Assert.Equal(
            [
                "a pipeline has max_batch_size 0 and no dynamic_batching or sequence_batching: its steps batch, each by its own model's scheduler",
                "ensemble_scheduling.step[1] (model 'pipe'): a pipeline cannot call itself",
                "ensemble_scheduling.step[1] (model 'pipe'): model_version must be -1 (follow the traffic split) or a version >= 1, not 0",
                "ensemble_scheduling.step[1] (model 'pipe'): output_map writes tensor 'pixels', which ensemble_scheduling.step[0] (model 'decode') writes too",
                "ensemble_scheduling.step[2] (model ''): model_name must not be empty",
                "ensemble_scheduling.step[2] (model ''): output_map must map at least one model output to a pipeline tensor",
                "ensemble_scheduling.step[2] (model ''): input_map['x'] must name a pipeline tensor",
                "output 'missing' is written by no step's output_map",
            ],
            ModelConfigValidator.Validate(config, "pipe"));
    }

    [Fact]
    public void Validate_ProcessorFaults_NamesTheParameter()
    {
        var config = new ModelConfig
        {
            Name = "decode",
            Platform = ModelPlatforms.Processor,
            Processor = "image_decode",
            Parameters = new Dictionary<string, ModelParameter>
            {
                ["max_pixels"] = new() { StringValue = "many" },
                ["max_pixel"] = new() { StringValue = "5" },
            },
        };

        IModelConfigCheck[] checks = [new ProcessorConfigCheck()];
        Assert.Equal(
            ["parameters.max_pixels 'many' must be an integer between 1 and 2147483647", "parameters.max_pixel is not a parameter of this processor"],
            ModelConfigValidator.Validate(config, "decode", checks));
        Assert.Equal(
            ["processor 'ocr' is not one of bert_tokenize, crop_lines, ctc_decode, db_postprocess, image_decode, mean_pool, resize_normalize, text_direction, top_k"],
            ModelConfigValidator.Validate(config with { Processor = "ocr", Parameters = null }, "decode", checks));
        Assert.Equal(
            ["processor must name the processor to run"],
            ModelConfigValidator.Validate(config with { Processor = " ", Parameters = null }, "decode", checks));

        // The repository alone knows no processor: what it cannot check it leaves to the engine's check.
        Assert.Empty(ModelConfigValidator.Validate(config, "decode"));
    }

    [Fact]
    public void Index_WithTheProcessorCheck_ReportsAProcessorsBadParameter()
    {
        root.Write("decode/config.json", """{"platform": "aiaas_processor", "processor": "image_decode", "parameters": {"max_pixel": {"string_value": "5"}}}""");
        Directory.CreateDirectory(Path.Combine(root.Path, "decode", "1"));

        var entry = Assert.Single(new ModelRepository(root.Path, [new ProcessorConfigCheck()]).Index());
        Assert.Equal(["config.json: parameters.max_pixel is not a parameter of this processor"], entry.Errors);
        Assert.True(Assert.Single(new ModelRepository(root.Path).Index()).IsValid);
    }

    [Fact]
    public void Index_PipelineCallingAnUnknownModel_IsInvalidNamingTheStep()
    {
        root.Write("decode/config.json", """{"platform": "aiaas_processor", "processor": "image_decode"}""");
        Directory.CreateDirectory(Path.Combine(root.Path, "decode", "1"));
        root.Write("pipe/config.json", """
            {"platform": "ensemble", "output": [{"name": "pixels"}],
             "ensemble_scheduling": {"step": [
               {"model_name": "decode", "input_map": {"image": "image"}, "output_map": {"pixels": "decoded"}},
               {"model_name": "resize", "input_map": {"pixels": "decoded"}, "output_map": {"tensor": "pixels"}}]}}
            """);
        Directory.CreateDirectory(Path.Combine(root.Path, "pipe", "1"));

        var entries = new ModelRepository(root.Path).Index();

        Assert.True(entries.Single(e => e.Name == "decode").IsValid);
        Assert.Equal(["config.json: ensemble_scheduling.step[1] (model 'resize'): the repository has no model 'resize'"], entries.Single(e => e.Name == "pipe").Errors);
        Assert.Throws<ModelRepositoryException>(() => new ModelRepository(root.Path).Find("pipe"));
    }

    public void Dispose() => root.Dispose();

    private static EnsembleStepConfig Step(string model, (string Input, string Tensor) input, (string Output, string Tensor) output) => new()
    {
        ModelName = model,
        InputMap = Map(input),
        OutputMap = Map(output),
    };

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
