using System.Globalization;
using System.Text;
using AIaaS.Errors;
using AIaaS.Http.Security;
using AIaaS.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// <c>GET /admin/usage?tenant=&amp;from=&amp;to=[&amp;format=csv]</c>: usage by tenant, model, version
/// and UTC hour. An admin reads any tenant (every tenant without <c>tenant</c>); any other caller
/// reads only its own.
/// </summary>
internal static class UsageEndpoints
{
    private const string CsvHeader = "tenant,model,version,hour,requests,failed,items,compute_seconds,input_bytes,output_bytes,tokens";

    public static void MapUsage(RouteGroupBuilder admin) => admin.MapGet("/usage", UsageAsync);

    private static async Task<IResult> UsageAsync(HttpContext context, IGrainFactory grains, string? tenant, string? from, string? to, string? format)
    {
        var caller = TenantContext.Get(context);
        if (!caller.IsAdmin && tenant is not null && tenant != caller.Tenant)
        {
            throw new InferenceException(InferenceErrorKind.PermissionDenied, $"tenant '{caller.Tenant}' may read only its own usage");
        }

        var start = ParseTime(from, "from") ?? DateTime.MinValue;
        var end = ParseTime(to, "to") ?? DateTime.MaxValue;
        var csv = format switch
        {
            null or "json" => false,
            "csv" => true,
            _ => throw InferenceException.InvalidArgument($"format '{format}' is not json or csv"),
        };

        var tenants = tenant is not null ? [tenant]
            : caller.IsAdmin ? await grains.GetGrain<ITenantDirectoryGrain>(0).ListMetered()
            : [caller.Tenant];
        var records = (await Task.WhenAll(tenants.Select(t => grains.GetGrain<ITenantGrain>(t).GetUsage(start, end)))).SelectMany(r => r).ToList();
        var rows = records.Select(r => new UsageRowResponse(r.Tenant, r.Model, r.Version, r.Hour, r.Requests, r.Failed, r.Items, r.ComputeSeconds, r.InputBytes, r.OutputBytes, r.Tokens, r.FailedByKind)).ToList();
        return csv ? Results.Text(Csv(rows), "text/csv", Encoding.UTF8) : Results.Json(new UsageResponse(rows));
    }

    private static string Csv(IEnumerable<UsageRowResponse> rows)
    {
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in rows)
        {
            // Tenant ids are [a-z0-9_-]; model names may hold anything a directory name can, so they are quoted.
            text.Append(CultureInfo.InvariantCulture,
                $"{r.Tenant},{Quote(r.Model)},{r.Version},{r.Hour:yyyy-MM-ddTHH:mm:ssZ},{r.Requests},{r.Failed},{r.Items},{r.ComputeSeconds:0.######},{r.InputBytes},{r.OutputBytes},{r.Tokens}\n");
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static DateTime? ParseTime(string? value, string name) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.UtcDateTime
        : throw InferenceException.InvalidArgument($"'{name}' is '{value}', not an ISO 8601 time (2026-12-04T16:00:00Z)");
}
