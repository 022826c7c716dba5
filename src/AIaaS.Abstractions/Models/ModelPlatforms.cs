namespace AIaaS.Models;

/// <summary>The values of a model configuration's <c>platform</c>.</summary>
public static class ModelPlatforms
{
    /// <summary>An ONNX model run by ONNX Runtime.</summary>
    public const string Onnx = "onnxruntime_onnx";

    /// <summary>A pipeline of other models (Triton's ensemble).</summary>
    public const string Ensemble = "ensemble";

    /// <summary>A C# processor built into the runtime, named by <c>processor</c>.</summary>
    public const string Processor = "aiaas_processor";

    /// <summary>Whether versions of the platform have a <c>model.onnx</c> file (the others have an empty version directory).</summary>
    public static bool HasArtifact(string platform) => string.Equals(platform, Onnx, StringComparison.Ordinal);
}
