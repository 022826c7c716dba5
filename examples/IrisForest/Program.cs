using System.Diagnostics;
using System.Globalization;
using AIaaS.Examples.IrisForest;

// dotnet run --project examples/IrisForest -- --repository DIR [--version N] [--data iris.csv]
string? repository = null;
string? data = null;
int? version = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--repository" when i + 1 < args.Length:
            repository = args[++i];
            break;
        case "--data" when i + 1 < args.Length:
            data = args[++i];
            break;
        case "--version" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0:
            version = v;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'");
            Console.Error.WriteLine("usage: IrisForest --repository DIR [--version N] [--data iris.csv]");
            return 2;
    }
}

if (repository is null)
{
    Console.Error.WriteLine("usage: IrisForest --repository DIR [--version N] [--data iris.csv]");
    return 2;
}

var rows = IrisDataSet.Load(data);
var watch = Stopwatch.StartNew();
var model = IrisForestTrainer.Train(rows);
var trained = watch.Elapsed;
var correct = rows.Count(r => model.Predict(r.Features).Label == r.Label);
var written = IrisForestTrainer.WriteToRepository(model, repository, version);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"trained '{IrisForestTrainer.ModelName}' on {rows.Count} rows in {trained.TotalSeconds:F2} s ({correct}/{rows.Count} training rows right); wrote version {written} to {Path.GetFullPath(Path.Combine(repository, IrisForestTrainer.ModelName))}"));
return 0;
