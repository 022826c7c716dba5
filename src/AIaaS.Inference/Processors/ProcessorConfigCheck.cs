using AIaaS.Models;
using AIaaS.Repository;

namespace AIaaS.Inference.Processors;

/// <summary>A processor model's processor name and parameters, checked by the repository scan with every other field.</summary>
internal sealed class ProcessorConfigCheck : IModelConfigCheck
{
    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        // The repository itself reports a missing processor name.
        return config.Platform == ModelPlatforms.Processor && !string.IsNullOrWhiteSpace(config.Processor)
            ? ProcessorFactory.Validate(config)
            : [];
    }
}
