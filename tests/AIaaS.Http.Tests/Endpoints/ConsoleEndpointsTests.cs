using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AIaaS.Http.Tests.Endpoints;

/// <summary>The consoles of a front: the OpenAPI document, Scalar at /docs, the Orleans dashboard.</summary>
[Collection(RealModelSiloCollection.Name)]
public sealed class ConsoleEndpointsTests(RealModelSiloFixture silo)
{
    // The consoles themselves, and the Prometheus exposition (text, not JSON), are not API operations.
    private static readonly string[] NotOperations = ["/openapi/", "/docs", "/dashboard", "/metrics"];

    [Fact(Timeout = 60_000)]
    public async Task OpenApiDocument_EveryMappedEndpoint_IsListedWithItsMethod()
    {
        using var response = await silo.Client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var listed = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = silo.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => !NotOperations.Any(prefix => e.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .SelectMany(e => e.Methods.Select(m => $"{m} {e.Path}"))
            .ToList();

        Assert.True(mapped.Count > 15, $"only {mapped.Count} endpoints mapped: {string.Join(", ", mapped)}");
        var missing = mapped.Where(m => !listed.Contains(m)).ToList();
        Assert.True(missing.Count == 0, $"mapped but not in /openapi/v1.json: {string.Join(", ", missing)}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Docs_Get_ServesTheScalarReferenceOfTheDocument()
    {
        using var response = await silo.Client.GetAsync("docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
        // Scalar's script resolves the source against the application's base path (the page's path less /docs/).
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Dashboard_Get_ServesTheOrleansDashboard()
    {
        using var response = await silo.Client.GetAsync("dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Orleans", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
