using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIaaS.Cli.Remote;
using AIaaS.Errors;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas classifiers train NAME FILE</c> (CSV of <c>text,label</c>, or the JSON body of
/// <c>POST /v1/classifiers/{name}</c>: examples, or label descriptions for zero-shot),
/// <c>aiaas classifiers show NAME</c> (each version's record) and
/// <c>aiaas classifiers classify NAME TEXT</c>.
/// </summary>
internal static class ClassifiersCommand
{
    // A training file is one request body: the server's default body limit bounds it too.
    private const long MaxFileBytes = 64L * 1024 * 1024;

    public static Command Create()
    {
        var command = new Command("classifiers", "Text classifiers: train one from examples (or label descriptions), show its versions, classify a text");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Classify());
        return command;
    }

    private static Command Train()
    {
        var admin = new AdminOptions();
        var name = new Argument<string>("name") { Description = "The classifier's model name (new, or a classifier already)" };
        var file = new Argument<string>("file") { Description = "A CSV with a text,label header, or a .json training set ({\"examples\": [...]} or {\"labels\": {\"label\": \"description\"}})" };
        var command = new Command("train", "Train a classifier and deploy it as the model's next version") { name, file };
        admin.AddTo(command);
        SetAction(command, admin, async (api, result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (new FileInfo(path) is not { Exists: true } info || info.Length > MaxFileBytes)
            {
                throw InferenceException.InvalidArgument($"{path}: no such file, or more than {MaxFileBytes} bytes");
            }

            var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, ct));
            content.Headers.ContentType = new MediaTypeHeaderValue(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv");
            var text = await api.SendContentAsync(HttpMethod.Post, $"v1/classifiers/{Uri.EscapeDataString(result.GetValue(name)!)}", content, ct);
            return (text, () => Print(TenantsCommand.Parse(text)));
        });
        return command;
    }

    private static Command Show()
    {
        var admin = new AdminOptions();
        var name = new Argument<string>("name") { Description = "The classifier's model name" };
        var command = new Command("show", "Each version of a classifier: labels, method, held-out accuracy, state") { name };
        admin.AddTo(command);
        SetAction(command, admin, async (api, result, ct) =>
        {
            var text = await api.SendAsync(HttpMethod.Get, $"v1/classifiers/{Uri.EscapeDataString(result.GetValue(name)!)}", null, ct);
            return (text, () =>
            {
                foreach (var version in TenantsCommand.Parse(text).EnumerateArray())
                {
                    Print(version);
                }
            });
        });
        return command;
    }

    private static Command Classify()
    {
        var admin = new AdminOptions();
        var name = new Argument<string>("name") { Description = "The classifier's model name" };
        var input = new Argument<string>("text") { Description = "The text to classify" };
        var command = new Command("classify", "Classify a text: the category, then every category's probability") { name, input };
        admin.AddTo(command);
        SetAction(command, admin, async (api, result, ct) =>
        {
            var body = new JsonObject { ["text"] = result.GetValue(input) };
            var text = await api.SendAsync(HttpMethod.Post, $"v1/models/{Uri.EscapeDataString(result.GetValue(name)!)}/text-classification", body, ct);
            return (text, () =>
            {
                var answer = TenantsCommand.Parse(text);
                var scores = answer.GetProperty("scores").EnumerateObject().Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name}={s.Value.GetSingle():F4}"));
                WriteLine($"{answer.GetProperty("category").GetString()} {string.Join(' ', scores)}");
            });
        });
        return command;
    }

    /// <summary>Connects with the admin options, runs <paramref name="call"/>, prints its JSON or its lines; a failure is exit code 1.</summary>
    private static void SetAction(Command command, AdminOptions admin, Func<AdminApi, ParseResult, CancellationToken, Task<(string Json, Action Print)>> call) =>
        command.SetAction(async (result, ct) =>
        {
            using var api = admin.Connect(result);
            return await TenantsCommand.RunAsync(admin, result, () => call(api, result, ct));
        });

    /// <summary>One line per version: what was trained and how well it did on the examples held out.</summary>
    private static void Print(JsonElement version)
    {
        var accuracy = version.GetProperty("accuracy").ValueKind == JsonValueKind.Number
            ? string.Create(CultureInfo.InvariantCulture, $"held-out accuracy {version.GetProperty("accuracy").GetDouble():F3} over {version.GetProperty("held_out").GetInt32()}")
            : "no held-out accuracy";
        var labels = version.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{version.GetProperty("model").GetString()} v{version.GetProperty("version").GetString()} {version.GetProperty("state").GetString()}: {labels.Count} labels ({string.Join(", ", labels)}), {version.GetProperty("method").GetString()} from {version.GetProperty("examples").GetInt32()} examples; {accuracy}"));
    }

    private static void WriteLine(string line)
    {
        var writer = CliOutput.Out.Profile.Out.Writer;
        writer.WriteLine(line);
        writer.Flush();
    }
}
