namespace AIaaS.Cli.Remote;

/// <summary>The document <c>GET /admin/cluster</c> answers, as the CLI reads it (snake_case JSON).</summary>
internal sealed record ClusterView(IReadOnlyList<ClusterViewSilo> Silos);
