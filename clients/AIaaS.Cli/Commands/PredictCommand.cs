using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Errors;
using AIaaS.Tabular;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas predict MODEL ROWS.json</c>: predicts rows of named features with a tabular model,
/// over HTTP (<c>POST /v1/models/{model}/predict</c> at <c>--url</c>, the default) or the SDK
/// (<c>--gateway-port</c>, <c>--redis</c>), and prints one line per row: the label, then each
/// label's probability.
/// </summary>
internal static class PredictCommand
{
    // A rows file is a request body: the server's default body limit bounds it too.
    private const long MaxFileBytes = 64L * 1024 * 1024;

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model with feature names in its config (e.g. iris)" };
        var rows = new Argument<string>("rows")
        {
            Description = "A JSON file (- for standard input) of KServe V1 rows: {\"instances\": [{\"feature\": value, ...}]}",
        };
        var target = new ServingTargetOptions();
        var command = new Command("predict", "Predict rows of named features with a tabular model and print each row's label and probabilities");
        command.Arguments.Add(model);
        command.Arguments.Add(rows);
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            target.FrontOf(result),
            target.SdkOf(result),
            result.GetValue(model)!,
            result.GetValue(rows)!,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Uri? baseUrl, Action<AIaaSClientOptions> configureSdk, string model, string rows, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await ReadRowsAsync(rows, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CliOutput.Fail($"{rows}: {ex.Message}");
        }

        try
        {
            IReadOnlyList<TabularPrediction> predictions;
            if (baseUrl is not null)
            {
                using var http = new OipHttpClient(baseUrl);
                predictions = await http.PredictAsync(model, body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var instances = NamedRows(body, rows);
                await using var connection = await SdkConnection.StartAsync(configureSdk, cancellationToken).ConfigureAwait(false);
                predictions = await connection.Client.PredictAsync(model, instances, cancellationToken).ConfigureAwait(false);
            }

            var writer = CliOutput.Out.Profile.Out.Writer;
            foreach (var prediction in predictions)
            {
                writer.WriteLine(prediction.Label + " " + string.Join(" ", prediction.Probabilities.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:F6}"))));
            }

            writer.Flush();
            return 0;
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail($"{ex.Message} [{ex.Kind}]");
        }
    }

    private static async Task<byte[]> ReadRowsAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new IOException($"more than {MaxFileBytes} bytes of rows");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The SDK takes rows of named features; the names are checked against the model's by the SDK.
    /// </summary>
    private static List<IReadOnlyDictionary<string, float>> NamedRows(byte[] body, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
            {
                throw InferenceException.InvalidArgument($"{source} has no 'instances' array of rows: {{\"instances\": [{{\"feature\": value, ...}}]}}");
            }

            var rows = new List<IReadOnlyDictionary<string, float>>();
            var index = 0;
            foreach (var instance in instances.EnumerateArray())
            {
                if (instance.ValueKind != JsonValueKind.Object)
                {
                    throw InferenceException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"{source}: instances[{index}] must be an object of named features (through the SDK)"));
                }

                var row = new Dictionary<string, float>(StringComparer.Ordinal);
                foreach (var feature in instance.EnumerateObject())
                {
                    row[feature.Name] = feature.Value.ValueKind == JsonValueKind.Number && feature.Value.TryGetSingle(out var value) && float.IsFinite(value)
                        ? value
                        : throw InferenceException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"{source}: instances[{index}].{TabularModel.Truncate(feature.Name)} must be a number"));
                }

                rows.Add(row);
                index++;
            }

            return rows;
        }
        catch (JsonException ex)
        {
            throw InferenceException.InvalidArgument($"{source} is not valid JSON: {ex.Message}");
        }
    }
}
