using System.CommandLine;
using AIaaS.Cli.Remote;
using AIaaS.Cli.TensorFiles;
using AIaaS.Errors;
using AIaaS.Inference;
using AIaaS.Tensors;
using Orleans.Runtime;

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

    private const string DefaultUrl = "http://127.0.0.1:8000";

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
        var url = new Option<string?>("--url")
        {
            Description = $"Base URL of a front silo, for the Open Inference Protocol over HTTP (default {DefaultUrl})",
        };
        var gatewayPort = new Option<int?>("--gateway-port")
        {
            Description = "Use the .NET SDK against a local silo's Orleans gateway port instead of HTTP",
        };
        var redis = new Option<string?>("--redis")
        {
            Description = "Use the .NET SDK and find the gateways through Redis (HOST:PORT) instead of HTTP",
        };
        var clusterId = new Option<string>("--cluster-id")
        {
            Description = "Cluster id for --gateway-port and --redis",
            DefaultValueFactory = _ => "aiaas",
        };

        var command = new Command("infer", "Run a model once on tensors read from .npy or .json files and print its outputs");
        command.Arguments.Add(model);
        command.Options.Add(inputs);
        command.Options.Add(version);
        command.Options.Add(outputs);
        command.Options.Add(url);
        command.Options.Add(gatewayPort);
        command.Options.Add(redis);
        command.Options.Add(clusterId);
        command.Validators.Add(result =>
        {
            var targets = new[] { result.GetResult(url), result.GetResult(gatewayPort), result.GetResult(redis) }.Count(r => r is not null);
            if (targets > 1)
            {
                result.AddError("give one of --url, --gateway-port and --redis");
            }
        });
        command.SetAction((result, cancellationToken) => RunAsync(
            new InferTarget(result.GetValue(url), result.GetValue(gatewayPort), result.GetValue(redis), result.GetValue(clusterId)!),
            result.GetValue(model)!,
            result.GetValue(inputs) ?? [],
            result.GetValue(version),
            result.GetValue(outputs) ?? [],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        InferTarget target, string model, string[] inputSpecs, string? version, string[] outputs, CancellationToken cancellationToken)
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

        var baseUrl = target.Url ?? DefaultUrl;
        if (target.GatewayPort is null && target.Redis is null
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return CliOutput.Fail($"--url '{baseUrl}' is not an http:// or https:// URL");
        }

        var request = new InferenceRequest { Inputs = inputs, Outputs = outputs.Length > 0 ? outputs : null };
        InferenceResponse response;
        try
        {
            response = target switch
            {
                { GatewayPort: { } port } => await SdkInference.InferAsync(
                    o => { o.GatewayPort = port; o.ClusterId = target.ClusterId; }, model, version, request, cancellationToken).ConfigureAwait(false),
                { Redis: { } redis } => await SdkInference.InferAsync(
                    o => { o.Redis = redis; o.ClusterId = target.ClusterId; }, model, version, request, cancellationToken).ConfigureAwait(false),
                _ => await OipHttpInference.InferAsync(new Uri(baseUrl), model, version, request, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail($"{ex.Message} [{ex.Kind}]");
        }
        catch (Exception ex) when (ex is OrleansException or SiloUnavailableException or TimeoutException or InvalidOperationException)
        {
            // The SDK could not reach or keep a gateway.
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

    private sealed record InferTarget(string? Url, int? GatewayPort, string? Redis, string ClusterId);
}
