using AIaaS.Models;

namespace AIaaS.Inference.Processors;

/// <summary>The built-in processors by name: builds one from a model configuration, or checks its parameters.</summary>
internal static class ProcessorFactory
{
    private static readonly Dictionary<string, Func<ProcessorParameters, ProcessorFiles?, IProcessor>> Processors = new(StringComparer.Ordinal)
    {
        [ImageDecodeProcessor.Name] = (p, _) => new ImageDecodeProcessor(p),
        [ResizeNormalizeProcessor.Name] = (p, _) => new ResizeNormalizeProcessor(p),
        [DbPostProcessor.Name] = (p, _) => new DbPostProcessor(p),
        [CropLinesProcessor.Name] = (p, _) => new CropLinesProcessor(p),
        [TextDirectionProcessor.Name] = (p, _) => new TextDirectionProcessor(p),
        [CtcDecodeProcessor.Name] = (p, f) => new CtcDecodeProcessor(p, f),
        [TopKProcessor.Name] = (p, f) => new TopKProcessor(p, f),
        [BertTokenizeProcessor.Name] = (p, f) => new BertTokenizeProcessor(p, f),
        [MeanPoolProcessor.Name] = (p, _) => new MeanPoolProcessor(p),
    };

    /// <summary>Every processor name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Processors.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every error in a processor model's <c>processor</c> and <c>parameters</c>, files unread (the
    /// repository scan); empty when valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Build(config, files: null, out _);
    }

    /// <summary>Builds the processor, reading its files from the repository.</summary>
    /// <exception cref="InvalidDataException">The configuration or a file is invalid; the message lists every error.</exception>
    public static IProcessor Create(ModelConfig config, ProcessorFiles files)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(files);
        var errors = Build(config, files, out var processor);
        return errors.Count == 0
            ? processor!
            : throw new InvalidDataException($"processor model '{config.Name}' is invalid: {string.Join("; ", errors)}");
    }

    private static List<string> Build(ModelConfig config, ProcessorFiles? files, out IProcessor? processor)
    {
        processor = null;
        if (string.IsNullOrWhiteSpace(config.Processor))
        {
            return [$"processor must name one of {string.Join(", ", Names)}"];
        }

        if (!Processors.TryGetValue(config.Processor, out var create))
        {
            return [$"processor '{config.Processor}' is not one of {string.Join(", ", Names)}"];
        }

        var parameters = new ProcessorParameters(config.Parameters);
        processor = create(parameters, files);
        parameters.RejectUnread();
        return parameters.Errors;
    }
}
