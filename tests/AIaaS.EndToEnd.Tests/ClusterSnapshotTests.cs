using AIaaS.Testing.Cluster;

namespace AIaaS.EndToEnd.Tests;

/// <summary>The test-side reader of <c>/admin/cluster</c>, on the document operations.md shows.</summary>
public sealed class ClusterSnapshotTests
{
    private const string Document = """
        {"silos":[
          {"address":"127.0.0.1:11111@154458907","name":"Silo_9568d","role":"front","accelerator":"cpu","gpu_count":0,"gpu_memory_mb":0,"status":"active","replicas":[]},
          {"address":"127.0.0.1:11112@154458882","name":"Silo_7b4ae","role":"worker","accelerator":"cpu","gpu_count":0,"gpu_memory_mb":0,"status":"active","replicas":[{"model":"ppocr-cls","version":1,"index":1},{"model":"ppocr-cls","version":1,"index":0}]},
          {"address":"127.0.0.1:11113@154458883","name":"Silo_67503","role":"worker","accelerator":"cuda","gpu_count":1,"gpu_memory_mb":8000,"status":"active","replicas":[{"model":"cls-gpu","version":1,"index":0}]},
          {"address":"127.0.0.1:11114@154458801","name":"Silo_1a2b3","role":"unknown","accelerator":"unknown","gpu_count":0,"gpu_memory_mb":0,"status":"dead","replicas":[]}
        ]}
        """;

    [Fact]
    public void Parse_OperationsExample_ReadsSilosPortsAndReplicas()
    {
        var view = ClusterSnapshot.Parse(Document);

        Assert.Equal([11111, 11112, 11113, 11114], view.Silos.Select(s => s.Port));
        Assert.Equal(["front", "worker", "worker", "unknown"], view.Silos.Select(s => s.Role));
        Assert.Equal([true, true, true, false], view.Silos.Select(s => s.IsActive));
        Assert.Equal("cuda", view.Silos[2].Accelerator);
        Assert.Equal([new ClusterSnapshotReplica("ppocr-cls", 1, 0), new ClusterSnapshotReplica("ppocr-cls", 1, 1)], view.ReplicasOf("ppocr-cls").Select(r => r.Replica));
        Assert.Equal(Document, view.Document);
    }

    [Fact]
    public void AllPlacedAndHostCount_TwoReplicasOnOneSilo_PlacedOnOneHost()
    {
        var view = ClusterSnapshot.Parse(Document);

        Assert.True(view.AllPlaced("ppocr-cls", 2));
        Assert.False(view.AllPlaced("ppocr-cls", 3));
        Assert.Equal(1, view.HostCount("ppocr-cls"));
        Assert.True(view.AllPlaced("cls-gpu", 1));
        Assert.Equal(0, view.HostCount("unknown-model"));
    }
}
