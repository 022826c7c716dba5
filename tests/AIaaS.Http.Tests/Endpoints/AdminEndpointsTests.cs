using System.Net;
using AIaaS.Cluster;
using AIaaS.Http.Endpoints;

namespace AIaaS.Http.Tests.Endpoints;

/// <summary>How <c>GET /admin/cluster</c> builds its view from membership, profiles and the inventory (no server).</summary>
public sealed class AdminEndpointsTests
{
    private static readonly SiloProfile Worker = new(SiloRoles.Worker, SiloAccelerators.Cuda, 1, 16000);

    [Fact]
    public void Describe_SilosInAnyOrder_SortsByIpThenPortThenGeneration()
    {
        var members = new[]
        {
            Member("127.0.0.10", 11111, 1),
            Member("127.0.0.2", 11112, 5),
            Member("127.0.0.2", 11111, 9),
            Member("127.0.0.2", 11111, 3),
        };

        var view = AdminEndpoints.Describe(members, _ => Worker, []);

        Assert.Equal(
            ["127.0.0.2:11111@3", "127.0.0.2:11111@9", "127.0.0.2:11112@5", "127.0.0.10:11111@1"],
            view.Silos.Select(s => s.Address));
    }

    [Fact]
    public void Describe_ActiveSilo_CarriesNameProfileStatusAndSortedReplicas()
    {
        var member = Member("127.0.0.1", 11111, 7, name: "gpu-1");
        var inventory = new[]
        {
            new SiloReplicas(member.SiloAddress,
            [
                Replica("ppocr-det", 1, 0),
                Replica("ppocr-cls", 2, 1),
                Replica("ppocr-cls", 2, 0),
                Replica("ppocr-cls", 1, 0),
            ]),
        };

        var silo = Assert.Single(AdminEndpoints.Describe([member], _ => Worker, inventory).Silos);

        Assert.Equal(new ClusterSiloResponse("127.0.0.1:11111@7", "gpu-1", "worker", "cuda", 1, 16000, "active", silo.Replicas), silo);
        Assert.Equal(
            [new("ppocr-cls", 1, 0), new("ppocr-cls", 2, 0), new("ppocr-cls", 2, 1), new ClusterReplicaResponse("ppocr-det", 1, 0)],
            silo.Replicas);
    }

    [Fact]
    public void Describe_DeadSiloStillInInventory_StatusDeadWithoutReplicas()
    {
        var dead = Member("127.0.0.1", 11112, 3, SiloStatus.Dead);
        var inventory = new[] { new SiloReplicas(dead.SiloAddress, [Replica("ppocr-cls", 1, 0)]) };

        var silo = Assert.Single(AdminEndpoints.Describe([dead], _ => SiloProfile.Unknown, inventory).Silos);

        Assert.Equal("dead", silo.Status);
        Assert.Equal("unknown", silo.Role);
        Assert.Empty(silo.Replicas);
    }

    [Fact]
    public void Describe_SiloOnlyInInventory_LeftOut()
    {
        var member = Member("127.0.0.1", 11111, 1);
        var stranger = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11119), 2);

        var view = AdminEndpoints.Describe([member], _ => Worker, [new SiloReplicas(stranger, [Replica("ppocr-cls", 1, 0)])]);

        var silo = Assert.Single(view.Silos);
        Assert.Equal("127.0.0.1:11111@1", silo.Address);
        Assert.Empty(silo.Replicas);
    }

    [Theory]
    [InlineData(SiloStatus.Created, "created")]
    [InlineData(SiloStatus.Joining, "joining")]
    [InlineData(SiloStatus.Active, "active")]
    [InlineData(SiloStatus.ShuttingDown, "shutting_down")]
    [InlineData(SiloStatus.Stopping, "stopping")]
    [InlineData(SiloStatus.Dead, "dead")]
    [InlineData(SiloStatus.None, "unknown")]
    public void StatusOf_EachSiloStatus_SnakeCaseName(SiloStatus status, string expected)
    {
        Assert.Equal(expected, AdminEndpoints.StatusOf(status));
    }

    private static ClusterMember Member(string ip, int port, int generation, SiloStatus status = SiloStatus.Active, string name = "silo") =>
        new(SiloAddress.New(new IPEndPoint(IPAddress.Parse(ip), port), generation), status, name);

    private static HostedReplica Replica(string model, int version, int index) => new(model, version, index, "auto", 0);
}
