using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AIaaS.Testing.Cluster;

/// <summary>
/// A cluster as an SRE runs one, every part a real process on loopback: a redis-server, worker
/// silo processes and one front silo process, all in one cluster id. Every silo serves the same
/// model repository, a temporary directory that starts empty: models are added
/// (<see cref="AddModel"/>) and loaded (<see cref="LoadModelAsync"/>) once the front sees every
/// silo with its profile, so their replicas are placed once, over all the workers, rather than
/// all on the first worker that registers them at its start.
/// Disposing kills every process (SIGKILL; nothing here needs a graceful stop) and deletes the
/// directories, also after a failed start.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private readonly SiloClusterOptions _options;
    private readonly TemporaryDirectory _directory = new("aiaas-cluster");
    private readonly List<SiloProcess> _workers = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private SiloProcess? _front;
    private int _silosStarted;

    private SiloCluster(SiloClusterOptions options)
    {
        _options = options;
        Redis = new RedisServer(options.RedisPassword, options.RedisAuthority);
        Directory.CreateDirectory(ModelRepository);
    }

    public RedisServer Redis { get; }

    public string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The repository every silo serves (<c>--AIaaS:ModelRepository</c>).</summary>
    public string ModelRepository => _directory.Combine("models");

    public SiloProcess Front => _front ?? throw new InvalidOperationException("the front has not started");

    /// <summary>Every worker started, in order, killed ones included.</summary>
    public IReadOnlyList<SiloProcess> Workers => _workers;

    /// <summary>
    /// Starts Redis, the workers (side by side), then the front, and waits until the front's
    /// <c>/admin/cluster</c> lists every one of them active with its declared role.
    /// </summary>
    public static async Task<SiloCluster> StartAsync(SiloClusterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Workers);
        var cluster = new SiloCluster(options);
        try
        {
            await cluster.Redis.StartAsync(cancellationToken).ConfigureAwait(false);
            var workers = Enumerable.Range(0, options.Workers).Select(_ => SiloProcess.StartAsync(cluster.WorkerOptions(), cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            finally
            {
                // Those that started are the cluster's to clean up, whichever failed.
                cluster._workers.AddRange(workers.Where(w => w.IsCompletedSuccessfully).Select(w => w.Result));
            }

            cluster._front = await SiloProcess.StartAsync(cluster.Options("front", []), cancellationToken).ConfigureAwait(false);
            await cluster.WaitUntilAsync(
                view => view.Active(cluster.Front)?.Role == "front" && cluster._workers.All(w => view.Active(w)?.Role == "worker"),
                options.ClusterViewTimeout,
                "the front sees the front and every worker active with its role",
                cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one more worker and waits until the front lists it active with its role.</summary>
    public Task<SiloProcess> StartWorkerAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        StartWorkerAsync([], timeout, cancellationToken);

    /// <summary>
    /// Starts one more worker with more switches than the others (e.g. a simulated GPU:
    /// <c>--AIaaS:Accelerator=cuda</c>) and waits until the front lists it active with its role.
    /// </summary>
    public async Task<SiloProcess> StartWorkerAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var options = WorkerOptions();
        var worker = await SiloProcess.StartAsync(options with { ExtraArguments = [.. options.ExtraArguments, .. arguments] }, cancellationToken).ConfigureAwait(false);
        _workers.Add(worker);
        await WaitUntilAsync(view => view.Active(worker)?.Role == "worker", timeout, $"the front sees the new worker (silo port {worker.SiloPort}) active", cancellationToken).ConfigureAwait(false);
        return worker;
    }

    /// <summary>
    /// Copies a model (its <c>config.json</c> and every numeric version directory) from
    /// <paramref name="source"/> into the repository as <paramref name="name"/>, its config's
    /// <c>name</c> set to match and then changed by <paramref name="configure"/> (e.g. <c>replicas</c>).
    /// </summary>
    public void AddModel(string name, string source, Action<JsonObject>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var target = Path.Combine(ModelRepository, name);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))?.AsObject()
            ?? throw new InvalidOperationException($"{source}/config.json is not a JSON object");
        config["name"] = name;
        configure?.Invoke(config);

        // Versions first, config last: a silo scanning meanwhile sees no model rather than a model without files.
        foreach (var version in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            var versionTarget = Directory.CreateDirectory(Path.Combine(target, Path.GetFileName(version))).FullName;
            foreach (var file in Directory.EnumerateFiles(version))
            {
                File.Copy(file, Path.Combine(versionTarget, Path.GetFileName(file)));
            }
        }

        File.WriteAllText(Path.Combine(target, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Loads a model through the front (<c>POST /v2/repository/models/{m}/load</c>); fails unless it answers 200.</summary>
    public async Task LoadModelAsync(string model, CancellationToken cancellationToken = default)
    {
        var url = new Uri(Front.BaseAddress, $"v2/repository/models/{Uri.EscapeDataString(model)}/load");
        using var response = await _http.PostAsync(url, content: null, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {body}\n{Describe()}");
        }
    }

    /// <summary><c>GET /admin/cluster</c> on the front; fails unless it answers 200.</summary>
    public async Task<ClusterSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var url = new Uri(Front.BaseAddress, "admin/cluster");
        using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {body}");
        }

        return ClusterSnapshot.Parse(body);
    }

    /// <summary>
    /// Polls <c>/admin/cluster</c> until <paramref name="condition"/> holds, running
    /// <paramref name="between"/> (e.g. a few requests, so replicas get placed) before each poll.
    /// Fails after <paramref name="timeout"/> naming <paramref name="what"/> with the last document.
    /// </summary>
    public async Task<ClusterSnapshot> WaitUntilAsync(
        Func<ClusterSnapshot, bool> condition,
        TimeSpan timeout,
        string what,
        CancellationToken cancellationToken = default,
        Func<CancellationToken, Task>? between = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            try
            {
                if (between is not null)
                {
                    await between(cancellationToken).ConfigureAwait(false);
                }

                var view = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
                if (condition(view))
                {
                    return view;
                }

                last = view.Document;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException or KeyNotFoundException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {what}; last /admin/cluster: {last}\n{Describe()}");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>For failure messages: each process with the end of what it printed.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var (name, silo) in _workers.Select((w, i) => ($"worker {i}", (SiloProcess?)w)).Prepend(("front", _front)))
        {
            if (silo is not null)
            {
                text.Append("--- ").Append(name).Append(' ').Append(silo).Append(" pid ").Append(silo.ProcessId).AppendLine(silo.HasExited ? " (exited)" : "")
                    .AppendLine(silo.Output.Tail(3000));
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _workers.Prepend(_front))
        {
            if (silo is not null)
            {
                await silo.DisposeAsync().ConfigureAwait(false);
            }
        }

        await Redis.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _directory.Dispose();
    }

    private SiloProcessOptions WorkerOptions() => Options("worker", _options.WorkerArguments);

    private SiloProcessOptions Options(string role, IReadOnlyList<string> roleArguments) => new()
    {
        // Unused in Redis mode (state lives in Redis), but each silo gets its own.
        DataDirectory = _directory.Combine($"data-{Interlocked.Increment(ref _silosStarted)}"),
        ModelRepository = ModelRepository,
        Redis = Redis.ConnectionString,
        ClusterId = ClusterId,
        Role = role,
        ExtraArguments = [.. Redis.SiloArguments, .. _options.ExtraArguments, .. roleArguments],
        ReadyTimeout = _options.SiloReadyTimeout,
    };
}
