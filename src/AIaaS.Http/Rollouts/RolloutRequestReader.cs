using System.Text.Json;
using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Rollouts;

namespace AIaaS.Http.Rollouts;

/// <summary>
/// Reads the body of <c>POST /v2/models/{m}/rollout</c> into a plan: every field but
/// <c>version</c> optional (the plan's defaults fill the rest), <c>version</c> a string as in the
/// protocol's URLs or a number. Unknown fields and wrong types are refused naming the field, so a
/// misspelt <c>min_request</c> does not silently roll out with the default.
/// </summary>
internal static class RolloutRequestReader
{
    private static readonly string[] Fields = ["version", "steps", "interval_seconds", "min_requests", "slo", "force", "shadow_share"];
    private static readonly string[] SloFields = ["max_error_rate", "max_p99_ms", "max_p99_ratio", "max_output_diff", "min_top1_agreement"];

    /// <exception cref="InferenceException">Kind InvalidArgument, naming what is wrong.</exception>
    public static RolloutPlan Read(ReadOnlySpan<byte> body)
    {
        using (var document = JsonBody.Parse(body.ToArray(), "the rollout request"))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.InvalidArgument("the rollout request must be a JSON object");
            }

            ThrowIfUnknown(root, Fields, "");
            if (!root.TryGetProperty("version", out var version))
            {
                throw InferenceException.InvalidArgument("the rollout request needs 'version', the version to roll out");
            }

            var plan = new RolloutPlan { Version = VersionOf(version) };
            if (root.TryGetProperty("steps", out var steps))
            {
                if (steps.ValueKind != JsonValueKind.Array || steps.EnumerateArray().Any(s => !s.TryGetInt32(out _)))
                {
                    throw InferenceException.InvalidArgument("'steps' must be an array of integer percentages, e.g. [0, 5, 25, 50, 100]");
                }

                plan = plan with { Steps = steps.EnumerateArray().Select(s => s.GetInt32()).ToArray() };
            }

            plan = plan with
            {
                IntervalSeconds = Number(root, "interval_seconds") ?? plan.IntervalSeconds,
                MinRequests = (long?)Whole(root, "min_requests") ?? plan.MinRequests,
                ShadowShare = (int?)Whole(root, "shadow_share") ?? plan.ShadowShare,
                Force = Bool(root, "force") ?? plan.Force,
            };

            if (root.TryGetProperty("slo", out var slo))
            {
                if (slo.ValueKind != JsonValueKind.Object)
                {
                    throw InferenceException.InvalidArgument("'slo' must be an object");
                }

                ThrowIfUnknown(slo, SloFields, "slo.");
                var defaults = new RolloutSlo();
                plan = plan with
                {
                    Slo = new RolloutSlo
                    {
                        MaxErrorRate = Limit(slo, "max_error_rate", defaults.MaxErrorRate),
                        MaxP99Ms = Limit(slo, "max_p99_ms", defaults.MaxP99Ms),
                        MaxP99Ratio = Limit(slo, "max_p99_ratio", defaults.MaxP99Ratio),
                        MaxOutputDiff = Limit(slo, "max_output_diff", defaults.MaxOutputDiff),
                        MinTop1Agreement = Limit(slo, "min_top1_agreement", defaults.MinTop1Agreement),
                    },
                };
            }

            return plan;
        }
    }

    private static int VersionOf(JsonElement version)
    {
        if (version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number) && number > 0)
        {
            return number;
        }

        if (version.ValueKind == JsonValueKind.String && ModelVersionNumber.TryParse(version.GetString(), out number))
        {
            return number;
        }

        throw InferenceException.InvalidArgument($"'version' must be a positive integer (as a string or a number), not {version.GetRawText()}");
    }

    /// <summary>A limit given as a number, explicitly null (not checked), or absent (the default).</summary>
    private static double? Limit(JsonElement slo, string field, double? fallback)
    {
        if (!slo.TryGetProperty(field, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Null ? null : Number(slo, field);
    }

    private static double? Number(JsonElement element, string field)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw InferenceException.InvalidArgument($"'{field}' must be a number, not {value.GetRawText()}");
    }

    private static long? Whole(JsonElement element, string field)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw InferenceException.InvalidArgument($"'{field}' must be an integer, not {value.GetRawText()}");
    }

    private static bool? Bool(JsonElement element, string field)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw InferenceException.InvalidArgument($"'{field}' must be true or false, not {value.GetRawText()}");
    }

    private static void ThrowIfUnknown(JsonElement element, string[] known, string prefix)
    {
        var unknown = element.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw InferenceException.InvalidArgument($"unknown field(s) in the rollout request: {string.Join(", ", unknown.Select(n => $"'{prefix}{n}'"))}; known: {string.Join(", ", known.Select(n => prefix + n))}");
        }
    }
}
