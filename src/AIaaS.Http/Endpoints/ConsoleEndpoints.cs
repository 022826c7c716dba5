using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace AIaaS.Http.Endpoints;

/// <summary>
/// The consoles of a front: the OpenAPI document (<c>/openapi/v1.json</c>), its interactive
/// reference (Scalar, <c>/docs</c>) and the Orleans dashboard (<c>/dashboard</c>). They are one
/// group, so admin authorisation attaches to all three with one <c>RequireAuthorization</c>.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string OpenApiDocument = "/openapi/v1.json";

    public static RouteGroupBuilder MapConsoles(IEndpointRouteBuilder endpoints)
    {
        var consoles = endpoints.MapGroup("");
        consoles.MapOpenApi("/openapi/{documentName}.json");
        consoles.MapScalarApiReference("/docs", options => options.WithOpenApiRoutePattern("/openapi/{documentName}.json").WithTitle("AIaaS Grains"));
        consoles.MapOrleansDashboard("/dashboard");
        return consoles;
    }
}
