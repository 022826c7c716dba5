using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// One model directory as the repository index reports it (Triton's <c>/v2/repository/index</c>):
/// its definition when it is valid, else every reason it is not.
/// </summary>
internal sealed record ModelRepositoryEntry(string Name, ModelDefinition? Definition, IReadOnlyList<string> Errors)
{
    public bool IsValid => Definition is not null && Errors.Count == 0;
}
