using System.Globalization;
using System.Text.Json;

namespace AIaaS.Testing.Cluster;

/// <summary>
/// What <c>GET /admin/cluster</c> answered, read with <see cref="JsonDocument"/> independently of
/// the product's and the CLI's own types, so a change of the document's shape fails a test rather
/// than passing through both sides. <see cref="Document"/> is the text as sent, for messages.
/// </summary>
public sealed class ClusterSnapshot
{
    private ClusterSnapshot(IReadOnlyList<ClusterSnapshotSilo> silos, string document)
    {
        Silos = silos;
        Document = document;
    }

    public IReadOnlyList<ClusterSnapshotSilo> Silos { get; }

    public string Document { get; }

    /// <exception cref="JsonException">The text is not a cluster document.</exception>
    /// <exception cref="KeyNotFoundException">A field is missing.</exception>
    public static ClusterSnapshot Parse(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var json = JsonDocument.Parse(document);
        var silos = json.RootElement.GetProperty("silos").EnumerateArray().Select(silo =>
        {
            var address = silo.GetProperty("address").GetString()!;
            return new ClusterSnapshotSilo(
                address,
                PortOf(address),
                silo.GetProperty("role").GetString()!,
                silo.GetProperty("accelerator").GetString()!,
                silo.GetProperty("status").GetString()!,
                silo.GetProperty("replicas").EnumerateArray()
                    .Select(r => new ClusterSnapshotReplica(r.GetProperty("model").GetString()!, r.GetProperty("version").GetInt32(), r.GetProperty("index").GetInt32()))
                    .ToList());
        }).ToList();
        return new ClusterSnapshot(silos, document);
    }

    /// <summary><paramref name="silo"/>'s entry while it is active, else null (not joined yet, or dead).</summary>
    public ClusterSnapshotSilo? Active(SiloProcess silo) => Silos.FirstOrDefault(s => s.Is(silo) && s.IsActive);

    /// <summary>Every replica of <paramref name="model"/> with the silo listing it, by index.</summary>
    public IReadOnlyList<(ClusterSnapshotReplica Replica, ClusterSnapshotSilo Silo)> ReplicasOf(string model) => Silos
        .SelectMany(silo => silo.Replicas.Where(r => r.Model == model).Select(r => (r, silo)))
        .OrderBy(pair => pair.r.Version)
        .ThenBy(pair => pair.r.Index)
        .ToList();

    /// <summary>
    /// Whether <paramref name="replicas"/> replicas of <paramref name="model"/> (indexes 0 to
    /// replicas - 1) are listed, each once, on active silos.
    /// </summary>
    public bool AllPlaced(string model, int replicas)
    {
        var listed = ReplicasOf(model);
        return listed.Count == replicas
            && listed.All(pair => pair.Silo.IsActive)
            && listed.Select(pair => pair.Replica.Index).Order().SequenceEqual(Enumerable.Range(0, replicas));
    }

    /// <summary>How many distinct silos host replicas of <paramref name="model"/>.</summary>
    public int HostCount(string model) => ReplicasOf(model).Select(pair => pair.Silo.Address).Distinct(StringComparer.Ordinal).Count();

    public override string ToString() => Document;

    private static int PortOf(string address)
    {
        // ip:port@generation
        var colon = address.LastIndexOf(':');
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (colon < 0 || at < colon)
        {
            throw new JsonException($"silo address '{address}' is not ip:port@generation");
        }

        return int.Parse(address.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
