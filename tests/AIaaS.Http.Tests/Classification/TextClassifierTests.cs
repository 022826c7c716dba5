using System.Net;
using System.Text;
using System.Text.Json;
using AIaaS.Classification;
using AIaaS.Http.Tests.Embeddings;
using Xunit.Abstractions;

namespace AIaaS.Http.Tests.Classification;

/// <summary>
/// Text classifiers over real HTTP on a real silo with the real all-MiniLM-L6-v2: trained from
/// hand-written support tickets (40 per label) and judged on 10 held-out tickets per label that
/// the training never saw; zero-shot from label descriptions; deployed as model versions.
/// </summary>
[Collection(EmbeddingSiloCollection.Name)]
public sealed class TextClassifierTests(EmbeddingSiloFixture silo, ITestOutputHelper output)
{
    private static readonly string[] Labels = ["account", "billing", "shipping", "technical"];

    [Fact(Timeout = 120_000)]
    public async Task Train_FromCsvOf40TicketsPerLabel_ClassifiesHeldOutTicketsAbove90Percent()
    {
        const string Model = "tickets";
        var (status, trained) = await TrainCsvAsync(Model, File.ReadAllBytes(DataFile("support-tickets.csv")));

        Assert.True(status == HttpStatusCode.Created, trained.ToString());
        Assert.Equal(("1", "READY", "examples", 160), (Str(trained, "version"), Str(trained, "state"), Str(trained, "method"), trained.GetProperty("examples").GetInt32()));
        Assert.Equal(Labels, trained.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(32, trained.GetProperty("held_out").GetInt32());
        Assert.True(trained.GetProperty("accuracy").GetDouble() >= 0.8, trained.ToString());
        Assert.True(File.Exists(Path.Combine(silo.Repository, Model, "1", "model.onnx")));

        var heldOut = ReadCsv(DataFile("support-tickets-heldout.csv"));
        var right = 0;
        foreach (var (text, label) in heldOut)
        {
            var answer = await ClassifyAsync(Model, text);
            var scores = answer.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
            Assert.Equal(Labels, scores.Keys);
            Assert.Equal(1.0, scores.Values.Sum(), 3);
            Assert.Equal(scores.MaxBy(s => s.Value).Key, Str(answer, "category"));
            right += Str(answer, "category") == label ? 1 : 0;
        }

        var accuracy = right / (double)heldOut.Count;
        output.WriteLine($"trained: {trained}; held-out tickets: {right} of {heldOut.Count} right");
        Assert.True(accuracy > 0.9, $"{right} of {heldOut.Count} held-out tickets classified right");

        // Its record is listed, and the index shows it as a model like any other.
        using var described = JsonDocument.Parse(await silo.Client.GetStringAsync($"v1/classifiers/{Model}"));
        Assert.Equal(("1", "READY"), (Str(described.RootElement[0], "version"), Str(described.RootElement[0], "state")));
    }

    [Fact(Timeout = 120_000)]
    public async Task Train_Twice_DeploysTheNextVersionAndRetiresTheFirst()
    {
        const string Model = "tickets-again";
        var examples = ReadCsv(DataFile("support-tickets.csv")).Take(60).Select(e => new { text = e.Text, label = e.Label }).ToArray();
        var (first, _) = await TrainJsonAsync(Model, new { examples });
        var (second, trained) = await TrainJsonAsync(Model, new { examples, held_out = 0 });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first, second));
        Assert.Equal("2", Str(trained, "version"));
        Assert.Equal(0, trained.GetProperty("held_out").GetInt32());
        Assert.Equal(JsonValueKind.Null, trained.GetProperty("accuracy").ValueKind);
        using var described = JsonDocument.Parse(await silo.Client.GetStringAsync($"v1/classifiers/{Model}"));
        var states = described.RootElement.EnumerateArray().ToDictionary(v => Str(v, "version"), v => Str(v, "state"));
        Assert.Equal("READY", states["2"]);
        Assert.Equal("UNAVAILABLE", states["1"]);
        Assert.Equal("billing", Str(await ClassifyAsync(Model, "Why was my card charged twice for the same invoice?"), "category"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Train_ZeroShotFromLabelDescriptions_ClassifiesMostHeldOutTickets()
    {
        const string Model = "tickets-zero-shot";
        var (status, trained) = await TrainJsonAsync(Model, new
        {
            labels = new Dictionary<string, string>
            {
                ["account"] = "login problems, passwords, two-factor codes, changing my email or username, deleting or locking my account",
                ["billing"] = "charges, invoices, refunds, payments, prices and subscription fees",
                ["shipping"] = "delivery of my parcel, tracking numbers, couriers, lost or damaged packages",
                ["technical"] = "the app crashes, error messages, bugs, slow pages, installation and sync problems",
            },
        });

        Assert.True(status == HttpStatusCode.Created, trained.ToString());
        Assert.Equal(("zero-shot", 0), (Str(trained, "method"), trained.GetProperty("examples").GetInt32()));
        var heldOut = ReadCsv(DataFile("support-tickets-heldout.csv"));
        var right = 0;
        foreach (var (text, label) in heldOut)
        {
            right += Str(await ClassifyAsync(Model, text), "category") == label ? 1 : 0;
        }

        output.WriteLine($"zero-shot: {right} of {heldOut.Count} held-out tickets right");
        Assert.True(right / (double)heldOut.Count >= 0.75, $"{right} of {heldOut.Count} held-out tickets classified right from descriptions alone");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("""{"text": ""}""", "'text' is empty")]
    [InlineData("""{"texts": "hello"}""", "unknown field 'texts'")]
    [InlineData("""{}""", "'text' is required")]
    [InlineData("""[1, 2]""", "the body must be {\"text\"")]
    [InlineData("""{"text": "a""", "not valid JSON")]
    public async Task Classify_BadBody_Is400NamingWhatIsWrong(string body, string error)
    {
        await TrainIfMissingAsync();
        var (status, answer) = await SendAsync("v1/models/tickets-bad-input/text-classification", Encoding.UTF8.GetBytes(body), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(error, Str(answer, "error"), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Classify_HugeOrNonUtf8Text_Is400()
    {
        await TrainIfMissingAsync();
        var huge = JsonSerializer.SerializeToUtf8Bytes(new { text = new string('a', 100_000) });
        byte[] invalid = [.. """{"text": "caf"""u8, 0xC3, 0x28, .. "\"}"u8];

        var (hugeStatus, hugeAnswer) = await SendAsync("v1/models/tickets-bad-input/text-classification", huge, "application/json");
        var (invalidStatus, invalidAnswer) = await SendAsync("v1/models/tickets-bad-input/text-classification", invalid, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, hugeStatus);
        Assert.Contains("'text' is 100000 bytes, more than the 16384", Str(hugeAnswer, "error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalidStatus);
        Assert.Contains("'text' is not valid UTF-8", Str(invalidAnswer, "error"), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Classify_UnknownModelOrNotAClassifier_404Or400()
    {
        var (unknown, _) = await SendAsync("v1/models/no-such-classifier/text-classification", """{"text": "hello"}"""u8.ToArray(), "application/json");
        var (notClassifier, answer) = await SendAsync("v1/models/minilm/text-classification", """{"text": "hello"}"""u8.ToArray(), "application/json");

        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.BadRequest, notClassifier);
        Assert.Contains("model 'minilm' is not a text classifier", Str(answer, "error"), StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("text/csv", "text,category\nhello,a\n", "header naming the columns 'text' and 'label'")]
    [InlineData("text/csv", "text,label\nhello,a\nthere,a\n", "at least two labels, not 1")]
    [InlineData("text/csv", "text,label\nhello,a\n\"unclosed,b\n", "line 3: a quoted field is not closed")]
    [InlineData("text/csv", "text,label\nhello,a,extra\n", "line 2 has 3 fields, not the header's 2")]
    [InlineData("text/csv", "text,label\n  ,a\nthere,b\n", "line 2.text is empty")]
    [InlineData("application/json", """{"examples": [{"text": "hi", "label": "a"}, {"text": "yo"}]}""", "examples[1].label must be a string")]
    [InlineData("application/json", """{"examples": [], "held_out": 0.9}""", "'held_out' must be a number from 0 to 0.5")]
    [InlineData("application/json", """{"example": []}""", "unknown field 'example'")]
    [InlineData("application/json", """{}""", "send labelled 'examples', or 'labels' with a description")]
    public async Task Train_BadTrainingSet_Is400NamingWhatIsWrong(string contentType, string body, string error)
    {
        var (status, answer) = await SendAsync("v1/classifiers/tickets-refused", Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(error, Str(answer, "error"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(silo.Repository, "tickets-refused")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Train_UnderTheNameOfAModelThatIsNotAClassifier_Is409AndLeavesItAlone()
    {
        var before = Directory.GetFiles(Path.Combine(silo.Repository, "minilm"), "*", SearchOption.AllDirectories).Length;

        var (status, answer) = await SendAsync("v1/classifiers/minilm", "text,label\nhello,a\nthere,b\n"u8.ToArray(), "text/csv");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("model 'minilm' exists and is not a text classifier", Str(answer, "error"), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(Path.Combine(silo.Repository, "minilm"), "*", SearchOption.AllDirectories).Length);
    }

    private async Task TrainIfMissingAsync()
    {
        if (!Directory.Exists(Path.Combine(silo.Repository, "tickets-bad-input")))
        {
            var (status, body) = await TrainJsonAsync("tickets-bad-input", new { examples = new[] { new { text = "refund my card", label = "billing" }, new { text = "where is my parcel", label = "shipping" } } });
            Assert.True(status == HttpStatusCode.Created, body.ToString());
        }
    }

    private async Task<JsonElement> ClassifyAsync(string model, string text)
    {
        var (status, answer) = await SendAsync($"v1/models/{model}/text-classification", JsonSerializer.SerializeToUtf8Bytes(new { text }), "application/json");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {answer}");
        return answer;
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> TrainCsvAsync(string model, byte[] csv) =>
        SendAsync($"v1/classifiers/{model}", csv, "text/csv");

    private Task<(HttpStatusCode Status, JsonElement Body)> TrainJsonAsync(string model, object body) =>
        SendAsync($"v1/classifiers/{model}", JsonSerializer.SerializeToUtf8Bytes(body), "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string path, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await silo.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static List<(string Text, string Label)> ReadCsv(string path) =>
        [.. ClassifierTrainingSetReader.ReadCsv(File.ReadAllBytes(path)).Examples.Select(e => (e.Text, e.Label))];

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Classification", name);

    private static string Str(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? "" : element.GetProperty(property).ToString();
}
