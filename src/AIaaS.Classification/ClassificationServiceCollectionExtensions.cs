using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AIaaS.Classification;

internal static class ClassificationServiceCollectionExtensions
{
    /// <summary>Text classifiers: training from examples or descriptions, and classification (needs the silo's router and repository).</summary>
    public static IServiceCollection AddTextClassifiers(this IServiceCollection services)
    {
        services.TryAddSingleton<TextEmbedder>();
        services.TryAddSingleton<TextClassifier>();
        services.TryAddSingleton<TextClassifierTrainer>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
