using AIaaS.Cluster;
using AIaaS.Hosting.Repository;
using AIaaS.Repository;
using AIaaS.Models;
using Microsoft.Extensions.Options;

namespace AIaaS.Hosting.Health;

/// <summary>
/// What <c>/v2/health/ready</c> answers: a silo is ready when it is an active member of the
/// cluster and has registered its repository's models, and (a front or all-in-one silo, which
/// routes requests) its router knows the routing table of each of them
/// (<see cref="RoutingTableReadiness"/>); with <c>AIaaS:StrictReadiness</c>, only
/// once every model it should serve has a ready version too (on a worker, the models whose
/// accelerator suits it; on a front or all-in-one silo, every model of its repository).
/// </summary>
internal sealed class SiloReadiness(
    ModelRegistrationService registration,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    ModelRepository repository,
    SiloProfile profile,
    IGrainFactory grains,
    RoutingTableReadiness routing,
    IOptions<AIaaSSiloOptions> options)
{
    /// <summary>Null when ready; else why not, for the 503 body.</summary>
    public async Task<string?> NotReadyReasonAsync()
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return $"the silo is not an active member of cluster '{options.Value.ClusterId}' (status {status.ToString().ToLowerInvariant()})";
        }

        if (!registration.Completion.IsCompleted)
        {
            return "the silo is still registering its models";
        }

        // The models registered at start, not a new scan of the repository: a probe reads no disk.
        if (profile.Role != SiloRoles.Worker && await routing.NotReadyReasonAsync(registration.Models).ConfigureAwait(false) is { } unrouted)
        {
            return unrouted;
        }

        if (!options.Value.StrictReadiness)
        {
            return null;
        }

        foreach (var definition in repository.Index().Where(e => e.IsValid).Select(e => e.Definition!).Where(Serves).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var deployment = await grains.GetGrain<IModelGrain>(definition.Name).GetDeployment().ConfigureAwait(false);
            if (!deployment.IsReady)
            {
                var latest = deployment.Versions.LastOrDefault();
                return latest is null
                    ? $"model '{definition.Name}' has no version (strict readiness)"
                    : $"model '{definition.Name}' is not ready: version {latest.Version} is {latest.Status.ToString().ToLowerInvariant()}{(latest.Reason is { } reason ? $" ({reason})" : "")} (strict readiness)";
            }
        }

        return null;
    }

    private bool Serves(ModelDefinition definition) => profile.Role != SiloRoles.Worker || definition.Config.Accelerator switch
    {
        ModelAccelerators.Gpu => profile.Accelerator == SiloAccelerators.Cuda,
        ModelAccelerators.Cpu => profile.Accelerator == SiloAccelerators.Cpu,
        _ => true,
    };
}
