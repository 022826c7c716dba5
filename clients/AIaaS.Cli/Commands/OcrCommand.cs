using System.CommandLine;
using System.Globalization;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Errors;
using AIaaS.Ocr;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas ocr IMAGE...</c>: reads each image through the <c>ocr</c> pipeline, over HTTP
/// (<c>POST /v1/ocr</c> at <c>--url</c>, the default) or the SDK (<c>--gateway-port</c>,
/// <c>--redis</c>), and prints its lines in reading order: confidence, box, text.
/// </summary>
internal static class OcrCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("image") { Description = "PNG or JPEG files to read", Arity = ArgumentArity.OneOrMore };
        var target = new ServingTargetOptions();
        var command = new Command("ocr", "Read the text in images through the ocr pipeline and print each line");
        command.Arguments.Add(images);
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            target.FrontOf(result),
            target.SdkOf(result),
            result.GetValue(images) ?? [],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Uri? baseUrl, Action<AIaaSClientOptions> configureSdk, string[] images, CancellationToken cancellationToken)
    {
        var writer = CliOutput.Out.Profile.Out.Writer;
        var failed = 0;
        using var http = baseUrl is null ? null : new OipHttpClient(baseUrl);
        await using var connection = baseUrl is null ? await SdkConnection.StartAsync(configureSdk, cancellationToken).ConfigureAwait(false) : null;
        foreach (var image in images)
        {
            try
            {
                var bytes = await File.ReadAllBytesAsync(image, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<OcrLine> lines;
                if (http is not null)
                {
                    lines = await http.OcrAsync(bytes, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using var stream = new MemoryStream(bytes, writable: false);
                    lines = await connection!.Client.OcrAsync(stream, cancellationToken).ConfigureAwait(false);
                }

                writer.WriteLine(images.Length > 1 ? $"{image}: {lines.Count} line(s)" : $"{lines.Count} line(s)");
                foreach (var line in lines)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{line.Confidence:F3} {FormatBox(line.Box)} {line.Text}"));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failed++;
                CliOutput.Fail($"{image}: {ex.Message}");
            }
            catch (InferenceException ex)
            {
                failed++;
                CliOutput.Fail($"{image}: {ex.Message} [{ex.Kind}]");
            }
        }

        writer.Flush();
        return failed == 0 ? 0 : 1;
    }

    private static string FormatBox(float[][] box) =>
        "[" + string.Join(" ", box.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p[0]:F0},{p[1]:F0}"))) + "]";
}
