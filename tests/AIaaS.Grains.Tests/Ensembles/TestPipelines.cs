using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Grains.Tests.Ensembles;

/// <summary>Builds pipeline configurations and the step models' deployment records, without model files.</summary>
internal static class TestPipelines
{
    public static ModelConfig Pipeline(string name, string[] outputs, params EnsembleStepConfig[] steps) => new()
    {
        Name = name,
        Platform = ModelPlatforms.Ensemble,
        Output = [.. outputs.Select(o => new ModelTensorConfig { Name = o })],
        EnsembleScheduling = new EnsembleSchedulingConfig { Step = steps },
    };

    public static EnsembleStepConfig Step(string model, (string Input, string Tensor)[] inputs, (string Output, string Tensor)[] outputs) => new()
    {
        ModelName = model,
        InputMap = inputs.ToDictionary(m => m.Input, m => m.Tensor),
        OutputMap = outputs.ToDictionary(m => m.Output, m => m.Tensor),
    };

    /// <summary>A model whose version 1 is ready with this signature.</summary>
    public static ModelDeployment Ready(string name, TensorSpec[] inputs, TensorSpec[] outputs, int maxBatchSize = 0) =>
        new(name, [Version(name, 1, ModelVersionStatus.Ready, new ModelSignature(inputs, outputs), maxBatchSize)]);

    public static ModelVersionInfo Version(string name, int version, ModelVersionStatus status, ModelSignature? signature, int maxBatchSize = 0) => new()
    {
        Version = version,
        Status = status,
        Config = new ModelConfig { Name = name, MaxBatchSize = maxBatchSize },
        Sha256 = "",
        Signature = signature,
    };

    /// <summary>The deployment reader a plan is built with: each model's record, by name.</summary>
    public static Func<string, Task<ModelDeployment>> Deployments(params ModelDeployment[] models) =>
        name => Task.FromResult(models.Single(m => m.Name == name));

    public static TensorSpec Fp32(string name, params long[] shape) => new(name, TensorDataType.Fp32, shape);
}
