using System.CommandLine;
using System.Globalization;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Embeddings;
using AIaaS.Errors;
using AIaaS.Requests;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas embed TEXT...</c>: embeds the texts through the <c>text-embedding</c> pipeline, over HTTP
/// (the pipeline's OIP endpoint at <c>--url</c>, the default) or the SDK (<c>--gateway-port</c>,
/// <c>--redis</c>), and prints per text its tokens, whether it was cut, its cosine similarity to the
/// first text and the vector's first values (all of them with <c>--full</c>).
/// </summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var texts = new Argument<string[]>("text") { Description = "Texts to embed", Arity = ArgumentArity.OneOrMore };
        var target = new ServingTargetOptions();
        var model = new Option<string>("--model")
        {
            Description = "The embedding pipeline",
            DefaultValueFactory = _ => EmbeddingPipeline.Name,
        };
        var full = new Option<bool>("--full") { Description = "Print every value of each vector" };
        var command = new Command("embed", "Embed texts through the text-embedding pipeline and print tokens, similarity to the first text and the vectors");
        command.Arguments.Add(texts);
        command.Options.Add(model);
        command.Options.Add(full);
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            target.FrontOf(result),
            target.SdkOf(result),
            result.GetValue(model)!,
            result.GetValue(texts) ?? [],
            result.GetValue(full),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        Uri? baseUrl, Action<AIaaSClientOptions> configureSdk, string model, string[] texts, bool full, CancellationToken cancellationToken)
    {
        IReadOnlyList<TextEmbedding> embeddings;
        try
        {
            if (baseUrl is not null)
            {
                using var http = new OipHttpClient(baseUrl);
                var request = new InferenceRequest { Inputs = [EmbeddingPipeline.TextTensor(texts)] };
                embeddings = EmbeddingPipeline.Read((await http.InferAsync(model, null, request, cancellationToken).ConfigureAwait(false)).Outputs);
            }
            else
            {
                await using var connection = await SdkConnection.StartAsync(configureSdk, cancellationToken).ConfigureAwait(false);
                embeddings = await connection.Client.EmbedAsync(texts, model, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail($"{ex.Message} [{ex.Kind}]");
        }
        catch (FormatException ex)
        {
            return CliOutput.Fail($"model '{model}' did not answer as an embedding pipeline: {ex.Message}");
        }

        var writer = CliOutput.Out.Profile.Out.Writer;
        for (var i = 0; i < embeddings.Count; i++)
        {
            var e = embeddings[i];
            // Vectors are L2-normalised: the dot product is the cosine.
            var cosine = e.Vector.Zip(embeddings[0].Vector, (a, b) => (double)a * b).Sum();
            var shown = full ? e.Vector : e.Vector[..Math.Min(4, e.Vector.Length)];
            var values = string.Join(", ", shown.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i}: {e.TokenCount} tokens{(e.Truncated ? " (truncated)" : "")}, cosine to 0: {cosine:F4}, [{values}{(full ? "" : ", ...")}] {texts[i]}"));
        }

        writer.Flush();
        return 0;
    }
}
