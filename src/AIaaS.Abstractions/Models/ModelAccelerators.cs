namespace AIaaS.Models;

/// <summary>Values of <see cref="ModelConfig.Accelerator"/>.</summary>
public static class ModelAccelerators
{
    public const string Gpu = "gpu";
    public const string Cpu = "cpu";
    public const string Auto = "auto";
}
