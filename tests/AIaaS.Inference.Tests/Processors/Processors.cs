using AIaaS.Inference.Processors;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Tests.Processors;

/// <summary>Builds processors as a repository would, from a configuration.</summary>
internal static class Processors
{
    public static IProcessor Create(string processor, string? repository = null, params (string Key, string Value)[] parameters) =>
        ProcessorFactory.Create(
            new ModelConfig
            {
                Name = processor,
                Platform = ModelPlatforms.Processor,
                Processor = processor,
                Parameters = parameters.ToDictionary(p => p.Key, p => new ModelParameter { StringValue = p.Value }),
            },
            new ProcessorFiles(repository ?? Path.GetTempPath()));

    public static IReadOnlyList<TensorPayload> Run(this IProcessor processor, params TensorPayload[] inputs) =>
        processor.Process(new ProcessorInputs(inputs));
}
