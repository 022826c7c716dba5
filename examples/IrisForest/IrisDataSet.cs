using System.Globalization;

namespace AIaaS.Examples.IrisForest;

/// <summary>
/// The Iris data (Fisher, 1936; UCI), 150 rows, as <c>iris.csv</c> beside this project carries it.
/// See README.md for its source and licence.
/// </summary>
public static class IrisDataSet
{
    /// <summary>The CSV's file name, copied next to the example's assembly.</summary>
    public const string FileName = "iris.csv";

    /// <summary>The feature names, in the CSV's (and the model's input's) column order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    /// <summary>The CSV next to the running assembly.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>Reads the CSV: a header naming the four features and <c>species</c>, then one flower a line.</summary>
    /// <exception cref="FormatException">The header or a line is not what the data set has.</exception>
    public static IReadOnlyList<IrisRow> Load(string? path = null)
    {
        path ??= DefaultPath;
        var lines = File.ReadAllLines(path);
        var header = string.Join(',', [.. FeatureNames, "species"]);
        if (lines.Length == 0 || !string.Equals(lines[0].Trim(), header, StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: the first line must be '{header}'");
        }

        var rows = new List<IrisRow>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != FeatureNames.Count + 1)
            {
                throw new FormatException($"{path} line {i + 1}: {cells.Length} cells, not {FeatureNames.Count + 1}");
            }

            var features = new float[FeatureNames.Count];
            for (var f = 0; f < features.Length; f++)
            {
                if (!float.TryParse(cells[f], NumberStyles.Float, CultureInfo.InvariantCulture, out features[f]))
                {
                    throw new FormatException($"{path} line {i + 1}: {FeatureNames[f]} '{cells[f]}' is not a number");
                }
            }

            rows.Add(new IrisRow { Features = features, Label = cells[^1].Trim() });
        }

        return rows;
    }
}
