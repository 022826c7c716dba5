using System.Collections.Concurrent;
using System.Diagnostics;
using AIaaS.Errors;
using AIaaS.Requests;
using AIaaS.Models;
using AIaaS.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AIaaS.Routing;

/// <summary>
/// Sends each request to a replica: a version by traffic weight (or the one asked for), then a
/// replica by the selection policy on this router's own count of requests in flight. One per
/// silo and one per client; it holds no state that matters beyond a cache.
/// </summary>
internal sealed partial class ModelRouter : IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly IReplicaSelectionPolicy _policy;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelRouter> _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _suspectFor;
    private readonly int _maxShadowInFlight;
    private readonly RoutingSubscription _subscription;
    private readonly ConcurrentDictionary<string, ModelRoute> _routes = new(StringComparer.Ordinal);

    public ModelRouter(
        IGrainFactory grains,
        IOptions<ModelRouterOptions> options,
        ILogger<ModelRouter> logger,
        IReplicaSelectionPolicy? policy = null,
        Random? random = null,
        TimeProvider? time = null)
    {
        _grains = grains;
        _logger = logger;
        _random = random ?? Random.Shared;
        _policy = policy ?? new PowerOfTwoChoicesReplicaPolicy(_random);
        _time = time ?? TimeProvider.System;
        _refreshInterval = options.Value.RefreshInterval;
        _suspectFor = options.Value.SuspectFor;
        _maxShadowInFlight = Math.Max(1, options.Value.MaxShadowInFlight);
        _subscription = new RoutingSubscription(grains, Apply, options.Value.RenewInterval, _time, logger);
    }

    /// <summary>Runs <paramref name="request"/> on a replica of <paramref name="model"/>.</summary>
    /// <param name="version">A version number, or null for the traffic split.</param>
    public async Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var (route, versionIndex) = await ResolveAsync(model, version, cancellationToken).ConfigureAwait(false);
        var routed = route.Table.Versions[versionIndex];
        var replica = _policy.Choose(route.Outstanding(versionIndex));
        try
        {
            var response = await CallReplicaAsync(route, versionIndex, replica, request).ConfigureAwait(false);
            if (string.IsNullOrEmpty(version) && route.ShadowIndex is var shadow and >= 0 && shadow != versionIndex && _random.Next(100) < route.Table.Versions[shadow].Shadow)
            {
                Shadow(route, shadow, request, response);
            }

            return response;
        }
        catch (Exception ex) when (IsSiloFailure(ex))
        {
            // The replica's silo died: its grain reactivates elsewhere on the next call, which this retry makes.
            SuspectBriefly(route, versionIndex, replica);
            if (request.TimeoutMicroseconds > 0 && _time.GetElapsedTime(started).TotalMicroseconds >= request.TimeoutMicroseconds)
            {
                throw new InferenceException(InferenceErrorKind.DeadlineExceeded,
                    $"model '{model}' version {routed.Version}: replica {replica} was unreachable ({ex.GetType().Name}) and the request's timeout left no time to retry");
            }

            var retry = _policy.Choose(route.Outstanding(versionIndex), exclude: routed.Replicas > 1 ? replica : -1);
            LogRetry(_logger, model, routed.Version, replica, retry, ex.GetType().Name);
            return await CallReplicaAsync(route, versionIndex, retry, request).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fails as <see cref="InferAsync"/> would when <paramref name="model"/> (or the named version)
    /// is not served, from the cached table when there is one: the front asks before it reads a
    /// request's body, so a request for a model that is not there costs no parsing.
    /// </summary>
    public async ValueTask EnsureServingAsync(string model, string? version, CancellationToken cancellationToken = default) =>
        await ResolveAsync(model, version, cancellationToken).ConfigureAwait(false);

    private async ValueTask<(ModelRoute Route, int VersionIndex)> ResolveAsync(string model, string? version, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            // No grain can have a blank key; such a name is simply no model.
            throw InferenceException.NotFound($"unknown model '{model}'");
        }

        var requested = ModelVersionNumber.ParseOptional(version);
        var route = await GetRouteAsync(model, cancellationToken).ConfigureAwait(false);
        var versionIndex = requested is { } v ? route.IndexOf(v) : WeightedVersionSelector.Choose(route.Table.Versions, _random);
        if (versionIndex < 0)
        {
            // The cached table may predate a load: ask once more before failing.
            route = await RefreshAsync(model, cancellationToken).ConfigureAwait(false);
            versionIndex = requested is { } again ? route.IndexOf(again) : WeightedVersionSelector.Choose(route.Table.Versions, _random);
            if (versionIndex < 0)
            {
                throw await NotServingAsync(model, requested).ConfigureAwait(false);
            }
        }

        return (route, versionIndex);
    }

    /// <summary>
    /// Fetches <paramref name="model"/>'s table from its model grain into the cache (and subscribes
    /// to its pushes), whether or not one is cached: what a front's readiness asks for the models
    /// it serves, so it says ready only once a request would find their tables.
    /// </summary>
    public Task LoadTableAsync(string model, CancellationToken cancellationToken = default) =>
        RefreshAsync(model, cancellationToken);

    /// <summary>Takes a table pushed by the model grain; an older revision than the cached one is ignored.</summary>
    public void Apply(RoutingTable table)
    {
        var route = new ModelRoute(table, _time.GetTimestamp());
        _routes.AddOrUpdate(table.Model, route, (_, current) => current.Table.Revision >= table.Revision ? current : route);
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>The cached revision of a model's table, or -1 when none is cached.</summary>
    public long CachedRevision(string model) => _routes.TryGetValue(model, out var route) ? route.Table.Revision : -1;

    private async Task<InferenceResponse> CallReplicaAsync(ModelRoute route, int versionIndex, int replica, InferenceRequest request)
    {
        var grain = route.Replica(_grains, versionIndex, replica);
        // The grain call below carries this span's context to the replica's silo (Orleans' activity propagation).
        using var activity = RoutingActivities.Source.StartActivity("aiaas.route", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("aiaas.model", route.Table.Model);
            activity.SetTag("aiaas.version", route.Table.Versions[versionIndex].Version);
            activity.SetTag("aiaas.replica", replica);
        }

        route.Enter(versionIndex, replica);
        try
        {
            return await grain.Infer(request).ConfigureAwait(false);
        }
        finally
        {
            route.Exit(versionIndex, replica);
        }
    }

    /// <summary>
    /// Sends a copy of an answered request to the shadowed version without waiting: the caller
    /// already has its answer, which the candidate compares the copy's with. A copy counts as in
    /// flight like any request until the candidate has run it, and none is sent to a replica already holding
    /// <see cref="ModelRouterOptions.MaxShadowInFlight"/>: copies are not throttled by callers
    /// waiting, so past the candidate's pace they would pile up, and the gate would judge the
    /// backlog they made rather than the version.
    /// </summary>
    private void Shadow(ModelRoute route, int versionIndex, InferenceRequest request, InferenceResponse response)
    {
        var replica = _policy.Choose(route.Outstanding(versionIndex));
        if (route.Outstanding(versionIndex)[replica] < _maxShadowInFlight)
        {
            _ = ShadowAsync(route, versionIndex, replica, request, response.Outputs);
        }
    }

    private async Task ShadowAsync(ModelRoute route, int versionIndex, int replica, InferenceRequest request, IReadOnlyList<TensorPayload> reference)
    {
        route.Enter(versionIndex, replica);
        try
        {
            await route.Replica(_grains, versionIndex, replica).Shadow(request, reference).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogShadowFailed(_logger, route.Table.Model, route.Table.Versions[versionIndex].Version, ex);
        }
        finally
        {
            route.Exit(versionIndex, replica);
        }
    }

    private void SuspectBriefly(ModelRoute route, int versionIndex, int replica)
    {
        route.Suspect(versionIndex, replica);
        _ = ClearLaterAsync();

        async Task ClearLaterAsync()
        {
            await Task.Delay(_suspectFor, _time).ConfigureAwait(false);
            route.Clear(versionIndex, replica);
        }
    }

    private ValueTask<ModelRoute> GetRouteAsync(string model, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue(model, out var route))
        {
            if (_time.GetElapsedTime(route.FetchedAt) > _refreshInterval && Interlocked.Exchange(ref route.Refreshing, 1) == 0)
            {
                // Stale but usable: refresh in the background rather than make this request wait.
                _ = RefreshInBackgroundAsync(model);
            }

            return ValueTask.FromResult(route);
        }

        return new ValueTask<ModelRoute>(RefreshAsync(model, cancellationToken));
    }

    private async Task RefreshInBackgroundAsync(string model)
    {
        try
        {
            await RefreshAsync(model, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogRefreshFailed(_logger, model, ex);
            if (_routes.TryGetValue(model, out var route))
            {
                Volatile.Write(ref route.Refreshing, 0);
            }
        }
    }

    private async Task<ModelRoute> RefreshAsync(string model, CancellationToken cancellationToken)
    {
        var table = await _grains.GetGrain<IModelGrain>(model).GetRoutingTable().WaitAsync(cancellationToken).ConfigureAwait(false);
        _subscription.Track(model);
        var fresh = new ModelRoute(table, _time.GetTimestamp());
        // A refresh always replaces the cached route (resetting its age) unless a push brought a newer revision.
        return _routes.AddOrUpdate(model, fresh, (_, current) => current.Table.Revision > table.Revision ? current : fresh);
    }

    private async Task<InferenceException> NotServingAsync(string model, int? version)
    {
        var deployment = await _grains.GetGrain<IModelGrain>(model).GetDeployment().ConfigureAwait(false);
        if (version is { } v)
        {
            var info = deployment.Versions.FirstOrDefault(x => x.Version == v);
            return info is null
                ? InferenceException.NotFound($"model '{model}' has no version {v}")
                : InferenceException.Unavailable($"model '{model}' version {v} is not ready ({Describe(info)})");
        }

        var failed = deployment.Versions.Where(v => v.Status == ModelVersionStatus.Failed).Select(v => $"version {v.Version} {Describe(v)}").ToList();
        return InferenceException.Unavailable(failed.Count == 0
            ? $"model '{model}' is not ready: no version is serving"
            : $"model '{model}' is not ready: {string.Join("; ", failed)}");
    }

    private static string Describe(ModelVersionInfo info) =>
        info.Reason is { Length: > 0 } reason ? $"{info.Status.ToString().ToLowerInvariant()}: {reason}" : info.Status.ToString().ToLowerInvariant();

    private static bool IsSiloFailure(Exception ex) => SiloFailures.Is(ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Index} of {Model} v{Version} is unreachable ({Error}); retrying on replica {Retry}")]
    private static partial void LogRetry(ILogger logger, string model, int version, int index, int retry, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending a shadow copy to {Model} v{Version} failed")]
    private static partial void LogShadowFailed(ILogger logger, string model, int version, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the routing table of {Model} failed")]
    private static partial void LogRefreshFailed(ILogger logger, string model, Exception exception);
}
