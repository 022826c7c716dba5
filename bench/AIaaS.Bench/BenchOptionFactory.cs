using System.CommandLine;
using AIaaS.Cli.Commands;

namespace AIaaS.Bench;

/// <summary>The options every mode of the harness shares, built one way.</summary>
internal static class BenchOptionFactory
{
    public static Option<string> Models() => new("--models")
    {
        Description = "The pulled models (ppocr-cls and the catalog)",
        DefaultValueFactory = _ => "models",
    };

    public static Option<int> Positive(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be a positive integer");
            }
        });
        return option;
    }

    /// <summary><c>--concurrency 1,8,32</c>, parsed as <c>aiaas bench</c> parses it.</summary>
    public static Option<int[]> ConcurrencyLevels(int[] defaultValue) =>
        Levels("--concurrency", defaultValue, "Concurrency levels, comma-separated (1,8,32,64)");

    /// <summary>A comma-separated list of positive integers (<c>--sessions 8,16,32</c>), parsed as <c>aiaas bench</c> parses its levels.</summary>
    public static Option<int[]> Levels(string name, int[] defaultValue, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = BenchCommand.ParseConcurrency,
        DefaultValueFactory = _ => defaultValue,
    };
}
