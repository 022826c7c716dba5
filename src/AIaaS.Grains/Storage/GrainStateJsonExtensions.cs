using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Orleans.Serialization;

namespace AIaaS.Grains.Storage;

/// <summary>
/// Grain state is written with Orleans' JSON storage serializer, whose default settings leave out
/// null and default-valued members. A member whose initializer is not its type's default then
/// reads back as the initializer: a rollout whose <c>max_p99_ratio</c> was explicitly null (not
/// checked) came back from storage as 1.5 and rolled a healthy candidate back after a restart.
/// Writing every member makes state read back as it was written.
/// </summary>
internal static class GrainStateJsonExtensions
{
    /// <summary>Makes the JSON grain storage serializer write null and default-valued members too.</summary>
    public static ISiloBuilder WriteEveryGrainStateMember(this ISiloBuilder silo)
    {
        silo.Services.Configure<OrleansJsonSerializerOptions>(options =>
        {
            options.JsonSerializerSettings.NullValueHandling = NullValueHandling.Include;
            options.JsonSerializerSettings.DefaultValueHandling = DefaultValueHandling.Include;
        });
        return silo;
    }
}
