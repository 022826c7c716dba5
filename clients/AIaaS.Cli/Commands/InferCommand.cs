using System.CommandLine;
using AIaaS.Cli.Remote;
using AIaaS.Cli.TensorFiles;
using AIaaS.Client;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Tensors;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas infer MODEL --input NAME=FILE ...</c>: runs a model once on tensors read from
/// <c>.npy</c> or <c>.json</c> files, over HTTP (<c>--url</c>, the default) or the SDK
/// (<c>--gateway-port</c>, <c>--redis</c>), and prints each output.
/// </summary>
internal static class InferCommand
{
    /// <summary>Values printed per output; the rest are counted, not shown.</summary>
    internal const int MaxPrintedValues = 20;

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Name of the model to run" };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "An input as NAME=FILE; FILE is .npy (NumPy, C order) or .json ({\"shape\",\"datatype\",\"data\"} or a nested array of FP32). Repeat for each input",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var version = new Option<string?>("--version", "--model-version")
        {
            Description = "Model version to run; the newest ready version when omitted",
        };
        var outputs = new Option<string[]>("--output", "-o")
        {
            Description = "Output to return (repeat for several); every output when omitted",
        };
        var target = new ServingTargetOptions($"Base URL of a front silo, for the Open Inference Protocol over HTTP (default {OipHttpClient.DefaultUrl})");

        var command = new Command("infer", "Run a model once on tensors read from .npy or .json files and print its outputs");
        command.Arguments.Add(model);
        command.Options.Add(inputs);
        command.Options.Add(version);
        command.Options.Add(outputs);
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            target.FrontOf(result),
            target.SdkOf(result),
            result.GetValue(model)!,
            result.GetValue(inputs) ?? [],
            result.GetValue(version),
            result.GetValue(outputs) ?? [],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        Uri? baseUrl, Action<AIaaSClientOptions> configureSdk, string model, string[] inputSpecs, string? version, string[] outputs, CancellationToken cancellationToken)
    {
        var inputs = new List<TensorPayload>();
        foreach (var spec in inputSpecs)
        {
            var separator = spec.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || separator == spec.Length - 1)
            {
                return CliOutput.Fail($"--input '{spec}' is not NAME=FILE");
            }

            try
            {
                inputs.Add(TensorFile.Read(spec[..separator], spec[(separator + 1)..]));
            }
            catch (TensorFileException ex)
            {
                return CliOutput.Fail(ex.Message);
            }
        }

        var request = new InferenceRequest { Inputs = inputs, Outputs = outputs.Length > 0 ? outputs : null };
        InferenceResponse response;
        try
        {
            if (baseUrl is not null)
            {
                using var http = new OipHttpClient(baseUrl);
                response = await http.InferAsync(model, version, request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var connection = await SdkConnection.StartAsync(configureSdk, cancellationToken).ConfigureAwait(false);
                response = await connection.Client.InferAsync(model, request, version, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail($"{ex.Message} [{ex.Kind}]");
        }
        catch (Exception ex) when (SdkConnection.IsClusterFailure(ex))
        {
            return CliOutput.Fail($"the cluster could not serve the request: {ex.Message}");
        }

        Print(response);
        return 0;
    }

    private static void Print(InferenceResponse response)
    {
        // Raw lines, not Spectre text: Spectre wraps at the console width and data lines are long.
        var writer = CliOutput.Out.Profile.Out.Writer;
        writer.WriteLine($"model {response.ModelName} version {response.ModelVersion}");
        foreach (var output in response.Outputs)
        {
            writer.WriteLine($"{output.Name} {output.DataType.ToProtocolName()} [{string.Join(",", output.Shape)}] {FormatData(output)}");
        }

        writer.Flush();
    }

    /// <summary><c>[v0, v1, ...]</c>, cut after <see cref="MaxPrintedValues"/> values with a count of the rest.</summary>
    internal static string FormatData(TensorPayload tensor)
    {
        var values = TensorValues.Format(tensor).Take(MaxPrintedValues + 1).ToList();
        if (values.Count <= MaxPrintedValues)
        {
            return $"[{string.Join(", ", values)}]";
        }

        var rest = tensor.DataType == TensorDataType.Bytes ? TensorValues.Format(tensor).Count() - MaxPrintedValues : tensor.ElementCount - MaxPrintedValues;
        return $"[{string.Join(", ", values.Take(MaxPrintedValues))}, ... ({rest} more)]";
    }
}
