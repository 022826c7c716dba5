using AIaaS.Tabular;

namespace AIaaS.Client;

/// <summary>Tabular models from .NET: rows of named features in, a label and probabilities per row out, as <c>POST /v1/models/{name}/predict</c>.</summary>
public static class TabularClientExtensions
{
    /// <summary>
    /// Predicts each row of <paramref name="instances"/> with <paramref name="model"/>, whose
    /// configuration's <c>tabular</c> block gives the feature names and their order (the
    /// dictionaries' order does not matter). One call to the model grain for the names, one
    /// inference for all the rows.
    /// </summary>
    /// <exception cref="Errors.InferenceException">
    /// A row misses a feature or has one the model does not, more rows than the model's
    /// <c>max_batch_size</c>, or a model without feature names (InvalidArgument); an unknown model
    /// (NotFound); no ready version (Unavailable).
    /// </exception>
    public static async Task<IReadOnlyList<TabularPrediction>> PredictAsync(
        this IInferenceClient client,
        string model,
        IReadOnlyList<IReadOnlyDictionary<string, float>> instances,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(instances);
        var target = TabularModel.Target(await client.GetModelAsync(model, cancellationToken).ConfigureAwait(false));
        var values = TabularModel.Values(target, instances);
        var response = await client.InferAsync(model, TabularModel.Request(target.Tabular, values), target.Version, cancellationToken).ConfigureAwait(false);
        return TabularModel.Predictions(model, target.Tabular, instances.Count, response.Outputs);
    }
}
