using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIaaS.Cli.Remote;
using AIaaS.Errors;
using Spectre.Console;

namespace AIaaS.Cli.Commands;

/// <summary>
/// <c>aiaas rollout start|status|promote|pause|resume|abort|history MODEL</c>: a model's rollout
/// through the front's HTTP API. <c>status --watch</c> redraws the figures until the rollout ends,
/// or <c>--count N</c> frames were drawn (for scripts and logs, where a watch must end).
/// </summary>
internal static class RolloutCommand
{
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var command = new Command("rollout", "Move a new model version into service step by step (shadow, canary shares), gated by SLOs");
        command.Subcommands.Add(Start());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Act("promote", "Promote the candidate now: all traffic, the old version drains and unloads"));
        command.Subcommands.Add(Act("pause", "Hold the rollout at its current share; no step is judged until it resumes"));
        command.Subcommands.Add(Act("resume", "Let a paused rollout run again; its current step starts over"));
        command.Subcommands.Add(Act("abort", "End the rollout: all traffic back to the stable version, the candidate unloads"));
        command.Subcommands.Add(History());
        return command;
    }

    private static Command Start()
    {
        var (model, url, json, apiKey) = Common();
        var version = new Option<int>("--version", "-v") { Description = "The version to roll out (in the model repository)", Required = true };
        var steps = new Option<string?>("--steps") { Description = "Candidate traffic share per step, in percent, comma-separated; 0 is the shadow step (default 0,5,25,50,100)" };
        var interval = new Option<double?>("--interval") { Description = "Seconds between two gate decisions (default 30)" };
        var minRequests = new Option<long?>("--min-requests") { Description = "Candidate requests a step needs before it is judged (default 200)" };
        var maxErrorRate = new Option<double?>("--max-error-rate") { Description = "Largest share of 5xx answers (default 0.01)" };
        var maxP99 = new Option<double?>("--max-p99-ms") { Description = "Largest p99 latency in ms (default: not checked)" };
        var maxRatio = new Option<double?>("--max-p99-ratio") { Description = "Largest p99 against the stable version's (default 1.5)" };
        var maxDiff = new Option<double?>("--max-output-diff") { Description = "Shadow step: largest absolute output difference (default 0.001)" };
        var shadowShare = new Option<int?>("--shadow-share") { Description = "Shadow step: percent of requests copied to the candidate (default 100)" };
        var force = new Option<bool>("--force") { Description = "Roll out even if the inputs or outputs differ from the stable version's" };
        var command = new Command("start", "Start rolling out a version") { model, url, json, apiKey, version, steps, interval, minRequests, maxErrorRate, maxP99, maxRatio, maxDiff, shadowShare, force };
        command.SetAction((result, cancellationToken) =>
        {
            var plan = new JsonObject { ["version"] = result.GetValue(version).ToString(CultureInfo.InvariantCulture), ["force"] = result.GetValue(force) };
            if (result.GetValue(steps) is { } text)
            {
                var parsed = new JsonArray();
                foreach (var step in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var share))
                    {
                        return Task.FromResult(CliOutput.Fail($"--steps '{text}' must be comma-separated whole percentages, e.g. 0,5,25,50,100"));
                    }

                    parsed.Add(share);
                }

                plan["steps"] = parsed;
            }

            Set(plan, "interval_seconds", result.GetValue(interval));
            Set(plan, "min_requests", result.GetValue(minRequests));
            Set(plan, "shadow_share", result.GetValue(shadowShare));
            var slo = new JsonObject();
            Set(slo, "max_error_rate", result.GetValue(maxErrorRate));
            Set(slo, "max_p99_ms", result.GetValue(maxP99));
            Set(slo, "max_p99_ratio", result.GetValue(maxRatio));
            Set(slo, "max_output_diff", result.GetValue(maxDiff));
            if (slo.Count > 0)
            {
                plan["slo"] = slo;
            }

            return RunAsync(result.GetValue(url)!, ApiKeyOption.Read(result, apiKey), result.GetValue(json), cancellationToken,
                (http, ct) => http.StartRolloutAsync(result.GetValue(model)!, plan.ToJsonString(), ct), history: false);
        });
        return command;
    }

    private static Command Status()
    {
        var (model, url, json, apiKey) = Common();
        var watch = new Option<bool>("--watch", "-w") { Description = "Redraw the figures every second until the rollout ends" };
        var count = new Option<int?>("--count", "-n") { Description = "With --watch: stop after this many frames (default: when the rollout ends)" };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var frames)
            {
                result.AddError($"--count {frames}: give 1 or more frames");
            }
        });
        var command = new Command("status", "Show the rollout: plan, step, share and both versions' figures") { model, url, json, apiKey, watch, count };
        command.Validators.Add(result =>
        {
            if (result.GetValue(count) is not null && !result.GetValue(watch))
            {
                result.AddError("--count needs --watch");
            }
        });
        command.SetAction((result, cancellationToken) => result.GetValue(watch) && !result.GetValue(json)
            ? WatchAsync(result.GetValue(url)!, ApiKeyOption.Read(result, apiKey), result.GetValue(model)!, result.GetValue(count), cancellationToken)
            : RunAsync(result.GetValue(url)!, ApiKeyOption.Read(result, apiKey), result.GetValue(json), cancellationToken, (http, ct) => http.GetRolloutAsync(result.GetValue(model)!, ct), history: false));
        return command;
    }

    private static Command History()
    {
        var (model, url, json, apiKey) = Common();
        var command = new Command("history", "Show every decision of the rollout with its reason and figures") { model, url, json, apiKey };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(url)!, ApiKeyOption.Read(result, apiKey), result.GetValue(json), cancellationToken, (http, ct) => http.GetRolloutAsync(result.GetValue(model)!, ct), history: true));
        return command;
    }

    private static Command Act(string action, string description)
    {
        var (model, url, json, apiKey) = Common();
        var command = new Command(action, description) { model, url, json, apiKey };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(url)!, ApiKeyOption.Read(result, apiKey), result.GetValue(json), cancellationToken, (http, ct) => http.ActAsync(result.GetValue(model)!, action, ct), history: false));
        return command;
    }

    private static async Task<int> RunAsync(Uri baseUrl, string? key, bool json, CancellationToken cancellationToken, Func<DeploymentHttp, CancellationToken, Task<JsonElement>> call, bool history)
    {
        using var http = new DeploymentHttp(baseUrl, key);
        JsonElement rollout;
        try
        {
            rollout = await call(http, cancellationToken).ConfigureAwait(false);
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail(ex.Message);
        }

        if (json)
        {
            var writer = CliOutput.Out.Profile.Out.Writer;
            writer.WriteLine(rollout.GetRawText());
            writer.Flush();
            return 0;
        }

        CliOutput.Out.Write(RolloutView.Render(rollout, history));
        return 0;
    }

    private static async Task<int> WatchAsync(Uri baseUrl, string? key, string model, int? count, CancellationToken cancellationToken)
    {
        using var http = new DeploymentHttp(baseUrl, key);
        JsonElement rollout;
        try
        {
            rollout = await http.GetRolloutAsync(model, cancellationToken).ConfigureAwait(false);
        }
        catch (InferenceException ex)
        {
            return CliOutput.Fail(ex.Message);
        }

        // A log or a pipe cannot redraw in place: there each frame follows the one before.
        if (Console.IsOutputRedirected)
        {
            CliOutput.Out.Write(RolloutView.Render(rollout, history: false));
            return await PollAsync(http, model, rollout, count, next => CliOutput.Out.Write(RolloutView.Render(next, history: false)), cancellationToken).ConfigureAwait(false);
        }

        var failure = 0;
        await CliOutput.Out.Live(RolloutView.Render(rollout, history: false)).StartAsync(async live =>
        {
            failure = await PollAsync(http, model, rollout, count, next =>
            {
                live.UpdateTarget(RolloutView.Render(next, history: false));
                live.Refresh();
            }, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return failure;
    }

    /// <summary>Reads the rollout every <see cref="WatchPeriod"/> and draws it, while it can still change and fewer than <paramref name="count"/> frames (the first included) were drawn.</summary>
    private static async Task<int> PollAsync(DeploymentHttp http, string model, JsonElement rollout, int? count, Action<JsonElement> draw, CancellationToken cancellationToken)
    {
        for (var frames = 1; rollout.GetProperty("state").GetString() is "running" or "paused" && (count is not { } limit || frames < limit); frames++)
        {
            try
            {
                await Task.Delay(WatchPeriod, cancellationToken).ConfigureAwait(false);
                rollout = await http.GetRolloutAsync(model, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (InferenceException ex)
            {
                return CliOutput.Fail(ex.Message);
            }

            draw(rollout);
        }

        return 0;
    }

    private static (Argument<string> Model, Option<Uri> Url, Option<bool> Json, Option<string?> ApiKey) Common() => (
        new Argument<string>("model") { Description = "The model" },
        FrontUrl.Create(),
        new Option<bool>("--json") { Description = "Print the rollout document instead of tables" },
        ApiKeyOption.Create());

    private static void Set<T>(JsonObject target, string name, T? value)
        where T : struct
    {
        if (value is { } v)
        {
            target[name] = JsonValue.Create(v);
        }
    }
}
