using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AIaaS.Cli.Bench;
using AIaaS.Cli.Remote;
using AIaaS.Client;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Tensors;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas bench MODEL --concurrency 1,8,32 --duration 10s --protocol http-json|http-binary|orleans</c>:
/// a perf_analyzer-like measurement. Inputs are generated from the model's metadata and encoded
/// once; each concurrency level is a closed loop with a warm-up; it reports throughput, client
/// latency percentiles and errors, and the server's queue and compute time and batch size from
/// Triton's statistics extension when the server has it. Exits 1 when any request failed.
/// </summary>
internal static class BenchCommand
{
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultWarmup = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Name of the model to measure" };
        var concurrency = new Option<int[]>("--concurrency", "-c")
        {
            Description = "Concurrency levels to measure, comma-separated (1,8,32,64): closed-loop workers, each sending its next request when the previous one answers",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = ParseConcurrency,
            DefaultValueFactory = _ => [1],
        };
        var duration = DurationOption("--duration", "Measurement window per concurrency level", DefaultDuration, allowZero: false);
        var warmup = DurationOption("--warmup", "Warm-up per concurrency level, not counted", DefaultWarmup, allowZero: true);
        var protocol = new Option<string>("--protocol", "-p")
        {
            Description = "http-json (Open Inference Protocol, JSON tensors), http-binary (with the binary tensor extension) or orleans (the .NET SDK)",
            DefaultValueFactory = _ => BenchProtocols.HttpJson,
        };
        protocol.AcceptOnlyFromAmong(BenchProtocols.All);
        var url = FrontUrl.CreateOptional(
            $"Base URL of a front silo: the HTTP protocols' target (default {OipHttpClient.DefaultUrl}), and where server statistics are read (with orleans, only when given)");
        var sdk = new SdkTargetOptions("(with --protocol orleans, which uses gateway port 30000 without either)");
        var batchSize = new Option<int>("--batch-size", "-b")
        {
            Description = "Items per request: the size of each input's batch axis (a dynamic first dimension)",
            DefaultValueFactory = _ => 1,
        };
        var shapes = new Option<InputShape[]>("--shape")
        {
            Description = "Size of an input's other dynamic dimensions, as NAME:D1,D2,... without the batch axis (ppocr-cls: x:3,48,192); repeat for each input",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = ParseShapes,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random input data: the same seed sends the same bytes",
            DefaultValueFactory = _ => 1,
        };
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write the results as CSV to this file" };
        var version = new Option<string?>("--version", "--model-version")
        {
            Description = "Model version to measure; the newest ready version when omitted",
        };

        var sessions = new Option<int[]>("--sessions")
        {
            Description = "With --real-time: numbers of live sessions to measure (8,16,32), each sending one 32 ms step every 32 ms",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = ParseConcurrency,
        };
        var realTime = new Option<bool>("--real-time") { Description = "Sessions of a stateful model (silero-vad) at the pace of live audio; needs --sessions" };

        var command = new Command("bench", "Measure a model's throughput and latency at several concurrency levels, like Triton's perf_analyzer");
        command.Options.Add(sessions);
        command.Options.Add(realTime);
        command.Arguments.Add(model);
        command.Options.Add(concurrency);
        command.Options.Add(duration);
        command.Options.Add(warmup);
        command.Options.Add(protocol);
        command.Options.Add(url);
        sdk.AddTo(command);
        command.Options.Add(batchSize);
        command.Options.Add(shapes);
        command.Options.Add(seed);
        command.Options.Add(csv);
        command.Options.Add(version);
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--batch-size must be at least 1");
            }
        });
        command.Validators.Add(result =>
        {
            var gatewayPort = result.GetResult(sdk.GatewayPort) is not null;
            var redis = result.GetResult(sdk.Redis) is not null;
            if (gatewayPort && redis)
            {
                result.AddError("give one of --gateway-port and --redis");
            }

            if ((gatewayPort || redis) && result.GetValue(protocol) != BenchProtocols.Orleans)
            {
                result.AddError("--gateway-port and --redis are for --protocol orleans");
            }
        });
        command.SetAction((result, cancellationToken) => result.GetValue(realTime) || result.GetResult(sessions) is not null
            ? SessionBenchRunner.RunAsync(
                result.GetValue(model)!,
                result.GetValue(version),
                result.GetValue(protocol)!,
                result.GetValue(url),
                sdk.Configure(result),
                result.GetValue(sessions) ?? [],
                result.GetValue(realTime),
                result.GetValue(warmup) ?? DefaultWarmup,
                result.GetValue(duration) ?? DefaultDuration,
                cancellationToken)
            : RunAsync(
            new BenchSettings
            {
                Model = result.GetValue(model)!,
                Version = result.GetValue(version),
                Protocol = result.GetValue(protocol)!,
                Url = result.GetValue(url),
                ConfigureSdk = sdk.Configure(result),
                Concurrency = result.GetValue(concurrency)!,
                Warmup = result.GetValue(warmup) ?? DefaultWarmup,
                Duration = result.GetValue(duration) ?? DefaultDuration,
                BatchSize = result.GetValue(batchSize),
                Shapes = result.GetValue(shapes) ?? [],
                Seed = result.GetValue(seed),
                Csv = result.GetValue(csv),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var isHttp = settings.Protocol != BenchProtocols.Orleans;
        var baseUrl = isHttp ? settings.Url ?? FrontUrl.Default : settings.Url;

        using var http = baseUrl is null ? null : new OipHttpClient(baseUrl);
        SdkConnection? connection = null;
        try
        {
            IBenchTarget target;
            if (isHttp)
            {
                target = new OipHttpBenchTarget(http!, settings.Model, settings.Version, binary: settings.Protocol == BenchProtocols.HttpBinary);
            }
            else
            {
                connection = await SdkConnection.StartAsync(settings.ConfigureSdk, cancellationToken).ConfigureAwait(false);
                target = new OrleansBenchTarget(connection.Client, settings.Model, settings.Version);
            }

            var specs = await target.GetInputsAsync(cancellationToken).ConfigureAwait(false);
            var inputs = SyntheticInputs.Create(specs, settings.BatchSize, settings.Shapes, settings.Seed);
            var call = target.Prepare(new InferenceRequest { Inputs = inputs });

            // One request first: a model that refuses these inputs fails here with its message,
            // not after a warm-up full of errors.
            try
            {
                await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InferenceException || SdkConnection.IsClusterFailure(ex))
            {
                return CliOutput.Fail($"the first request failed: {BenchLevel.Describe(ex)}");
            }

            var statistics = http is null ? null : new ServerStatisticsReader(http, settings.Model, settings.Version);
            PrintPlan(settings, target, baseUrl, inputs);
            var rows = new List<BenchRow>();
            foreach (var level in settings.Concurrency)
            {
                var row = await BenchLevel.RunAsync(call, level, settings.Warmup, settings.Duration, settings.BatchSize, statistics, cancellationToken).ConfigureAwait(false);
                rows.Add(row);
                PrintProgress(row);
            }

            CliOutput.Out.Write(Table(rows));
            if (statistics?.Problem is { } problem)
            {
                CliOutput.Out.WriteLine($"server columns: no statistics ({problem})");
            }
            else if (statistics is null)
            {
                CliOutput.Out.WriteLine("server columns: no statistics (give --url to read them from a front silo)");
            }

            if (settings.Csv is { } csv)
            {
                try
                {
                    await using (var writer = new StreamWriter(csv.FullName))
                    {
                        BenchCsv.Write(writer, rows);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return CliOutput.Fail($"cannot write {csv.FullName}: {ex.Message}");
                }

                CliOutput.Out.WriteLine($"wrote {csv.FullName}");
            }

            var failed = rows.Where(r => r.Errors > 0).ToList();
            return failed.Count == 0
                ? 0
                : CliOutput.Fail(string.Join("; ", failed.Select(r => $"{r.Errors} request(s) failed at concurrency {r.Concurrency}, the first with: {r.FirstError}")));
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail($"{ex.Message} [{ex.Kind}]");
        }
        catch (BenchInputException ex)
        {
            return CliOutput.Fail(ex.Message);
        }
        catch (Exception ex) when (SdkConnection.IsClusterFailure(ex))
        {
            return CliOutput.Fail($"the cluster could not serve the request: {ex.Message}");
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void PrintPlan(BenchSettings settings, IBenchTarget target, Uri? baseUrl, IReadOnlyList<TensorPayload> inputs)
    {
        var where = target.Protocol == BenchProtocols.Orleans ? "the .NET SDK" : baseUrl!.ToString();
        var version = settings.Version is null ? "" : $" version {settings.Version}";
        var tensors = string.Join("; ", inputs.Select(i => $"{i.Name} {i.DataType.ToProtocolName()} [{string.Join(",", i.Shape)}]"));
        CliOutput.Out.WriteLine(
            $"bench {settings.Model}{version} over {target.Protocol} ({where}): {tensors}; batch size {settings.BatchSize}; "
            + $"warm-up {BenchDuration.Format(settings.Warmup)}, window {BenchDuration.Format(settings.Duration)} per concurrency level");
    }

    private static void PrintProgress(BenchRow row)
    {
        var errors = row.Errors == 0 ? "0 errors" : $"{row.Errors} errors (first: {row.FirstError})";
        CliOutput.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  concurrency {row.Concurrency}: {row.InferencesPerSecond:0.0} infer/s, p50 {Micros(row.Latency.P50)} us, p99 {Micros(row.Latency.P99)} us, {errors}"));
        if (row.Latency.Count == 0 && row.Errors == 0)
        {
            // Calls are counted when answered: calls longer than the window are never counted.
            CliOutput.Out.WriteLine($"  concurrency {row.Concurrency}: no request was answered within the window; give a --duration longer than one request");
        }
    }

    private static Table Table(IReadOnlyList<BenchRow> rows)
    {
        var table = new Table();
        foreach (var column in new[] { "concurrency", "infer/s", "p50 us", "p90 us", "p99 us", "avg us", "errors", "server queue us", "server compute us", "server batch" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(
                row.Concurrency.ToString(CultureInfo.InvariantCulture),
                row.InferencesPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                Micros(row.Latency.P50),
                Micros(row.Latency.P90),
                Micros(row.Latency.P99),
                Micros(row.Latency.Average),
                row.Errors == 0 ? "0" : $"[red]{row.Errors}[/]",
                Micros(row.Server?.QueueMicroseconds),
                Micros(row.Server?.ComputeMicroseconds),
                row.Server?.AverageBatchSize is { } batch ? batch.ToString("0.00", CultureInfo.InvariantCulture) : "-");
        }

        return table;
    }

    private static string Micros(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Levels as <c>1,8,32</c>; the bench harness parses its own the same way.</summary>
    internal static int[] ParseConcurrency(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "1" : result.Tokens[0].Value;
        var name = (result.Parent as OptionResult)?.Option.Name ?? "--concurrency";
        var levels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level < 1)
            {
                result.AddError($"{name} '{text}': '{part}' is not a positive integer (give levels as 1,8,32)");
                return [];
            }

            levels.Add(level);
        }

        return [.. levels];
    }

    private static InputShape[] ParseShapes(ArgumentResult result)
    {
        var shapes = new List<InputShape>();
        foreach (var token in result.Tokens)
        {
            if (!InputShape.TryParse(token.Value, out var shape, out var error))
            {
                result.AddError(error);
                return [];
            }

            shapes.Add(shape);
        }

        return [.. shapes];
    }

    /// <summary>
    /// A duration option; no default value factory, whose value help would print as 00:00:10, so
    /// the default is in the description and applied where the option is read.
    /// </summary>
    private static Option<TimeSpan?> DurationOption(string name, string description, TimeSpan defaultValue, bool allowZero) => new(name)
    {
        Description = $"{description}: a number and a unit, as in 500ms, 10s, 2m (default {BenchDuration.Format(defaultValue).Replace(" ", "", StringComparison.Ordinal)})",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            if (!BenchDuration.TryParse(result.Tokens[0].Value, out var duration, out var error))
            {
                result.AddError($"{name} {error}");
                return null;
            }

            if (duration == TimeSpan.Zero && !allowZero)
            {
                result.AddError($"{name} must be longer than zero");
            }

            return duration;
        },
    };

    private sealed record BenchSettings
    {
        public required string Model { get; init; }

        public required string? Version { get; init; }

        public required string Protocol { get; init; }

        public required Uri? Url { get; init; }

        public required Action<AIaaSClientOptions> ConfigureSdk { get; init; }

        public required int[] Concurrency { get; init; }

        public required TimeSpan Warmup { get; init; }

        public required TimeSpan Duration { get; init; }

        public required int BatchSize { get; init; }

        public required InputShape[] Shapes { get; init; }

        public required int Seed { get; init; }

        public required FileInfo? Csv { get; init; }
    }
}
