using System.Net;

namespace AIaaS.Http.Tests.Endpoints;

/// <summary>What a worker silo does not serve over HTTP: the admin API belongs to silos that serve inference.</summary>
public sealed class WorkerSiloEndpointTests(WorkerSiloFixture worker) : IClassFixture<WorkerSiloFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task GetCluster_WorkerSilo_Returns404WhileHealthAnswers()
    {
        using var cluster = await worker.Client.GetAsync("admin/cluster");
        using var live = await worker.Client.GetAsync("v2/health/live");

        Assert.Equal(HttpStatusCode.NotFound, cluster.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
