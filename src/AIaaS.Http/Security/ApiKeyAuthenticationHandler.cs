using System.Security.Claims;
using System.Text.Encodings.Web;
using AIaaS.Grains.Tenants;
using AIaaS.Http.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AIaaS.Http.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c> against the
/// silo's cached key directory (no grain call while the cache is fresh). Without a key, the caller
/// is the <c>default</c> tenant when keys are not required, else unauthenticated. Challenges and
/// forbids answer in the protocol's <c>{"error": "..."}</c> form.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TenantDirectoryCache directory) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string FailureItem = "aiaas.auth-failure";
    private const string UnavailableItem = "aiaas.auth-unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyOf(Request.Headers);
        TenantPolicy? policy;
        if (key is null && directory.Options.Required)
        {
            Context.Items[FailureItem] = "an API key is required: send 'Authorization: Bearer <key>' or 'api-key: <key>'";
            return AuthenticateResult.NoResult();
        }

        try
        {
            policy = key is null ? await directory.AnonymousAsync() : await directory.AuthenticateAsync(key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The key's or tenant's grain cannot be reached and no answer of it is recent enough to
            // use: the caller is not at fault, so this is a 503 (from the challenge), not a 401.
            Context.Items[UnavailableItem] = $"the tenant directory could not be reached ({ex.GetType().Name}); retry shortly";
            return AuthenticateResult.Fail("tenant directory unavailable");
        }

        if (policy is null)
        {
            // Never echo the key: the message is the same for every unknown key.
            Context.Items[FailureItem] = "the API key is unknown or revoked";
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        TenantContext.Set(Context, policy);
        var claims = new List<Claim> { new(ApiKeyAuthenticationDefaults.TenantClaim, policy.Tenant), new(ClaimTypes.Name, policy.Tenant) };
        if (policy.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ApiKeyAuthenticationDefaults.AdminRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyAuthenticationDefaults.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyAuthenticationDefaults.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.TryGetValue(UnavailableItem, out var unavailable) && unavailable is string reason)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "1";
            await Response.WriteAsJsonAsync(new ErrorResponses.ErrorBody(reason));
            return;
        }

        var message = Context.Items.TryGetValue(FailureItem, out var failure) && failure is string text ? text : "an API key is required";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Context.Items.ContainsKey(FailureItem) && message.Contains("revoked", StringComparison.Ordinal)
            ? "Bearer realm=\"aiaas\", error=\"invalid_token\""
            : "Bearer realm=\"aiaas\"";
        await Response.WriteAsJsonAsync(new ErrorResponses.ErrorBody(message));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var tenant = Context.User.FindFirst(ApiKeyAuthenticationDefaults.TenantClaim)?.Value ?? "?";
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new ErrorResponses.ErrorBody($"tenant '{tenant}' lacks admin rights, which {Request.Method} {Request.Path} needs"));
    }

    /// <summary>The key of a request: the Bearer token, else the <c>api-key</c> header; null when neither is sent.</summary>
    internal static string? KeyOf(IHeaderDictionary headers)
    {
        var authorization = headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = headers[ApiKeyAuthenticationDefaults.ApiKeyHeader].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }
}
