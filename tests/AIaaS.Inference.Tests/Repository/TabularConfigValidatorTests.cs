using AIaaS.Repository;
using AIaaS.Models;

namespace AIaaS.Inference.Tests.Repository;

public sealed class TabularConfigValidatorTests
{
    private static readonly ModelConfig Iris = new()
    {
        Name = "iris",
        MaxBatchSize = 256,
        Tabular = new TabularConfig
        {
            Input = "features",
            Features = ["sepal_length", "sepal_width", "petal_length", "petal_width"],
            ProbabilitiesOutput = "probabilities",
            Labels = ["setosa", "versicolor", "virginica"],
            LabelOutput = "label",
        },
    };

    [Fact]
    public void Validate_IrisTabularBlock_NoErrors()
    {
        Assert.Empty(ModelConfigValidator.Validate(Iris, "iris"));
    }

    [Fact]
    public void Validate_BadTabularBlock_ReportsEveryErrorNamingFields()
    {
        var config = Iris with
        {
            MaxBatchSize = 0,
            Tabular = new TabularConfig
            {
                Input = "",
                Features = ["sepal_length", " ", "sepal_length"],
                ProbabilitiesOutput = "",
                Labels = [],
                LabelOutput = "",
            },
        };

        Assert.Equal(
            [
                "tabular needs max_batch_size >= 1: the rows of a /predict call are the input's first axis",
                "tabular.input must name the model's FP32 [N, features] input",
                "tabular.probabilities_output must name the model's FP32 [N, labels] output",
                "tabular.label_output must not be empty when it is given",
                "tabular.features[1] must not be empty",
                "tabular.features[2] 'sepal_length' appears twice",
                "tabular.labels must list at least one label",
            ],
            ModelConfigValidator.Validate(config, "iris"));
    }

    [Fact]
    public void Parse_TabularBlock_ReadsTritonStyleNamesAndRefusesUnknownFields()
    {
        var config = ModelConfigJson.Parse("""
            {"name": "iris", "max_batch_size": 8, "tabular": {"input": "features", "features": ["a", "b"],
             "probabilities_output": "probabilities", "labels": ["x", "y"]}}
            """);
        Assert.Equal(["a", "b"], config.Tabular!.Features);
        Assert.Null(config.Tabular.LabelOutput);

        var ex = Assert.Throws<ModelRepositoryException>(() => ModelConfigJson.Parse("""
            {"name": "iris", "tabular": {"input": "features", "feature_names": ["a"]}}
            """));
        Assert.Contains("feature_names", ex.ToString(), StringComparison.Ordinal);
    }
}
