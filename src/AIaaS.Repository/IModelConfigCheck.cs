using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// Checks the fields of a model configuration that belong to a part the repository does not know
/// (a processor's name and parameters belong to the engine that builds it), so a repository scan
/// reports them with every other error while the repository stays free of that part.
/// </summary>
internal interface IModelConfigCheck
{
    /// <summary>Every error in the fields of <paramref name="config"/> this check owns; empty when valid or not its concern.</summary>
    IReadOnlyList<string> Validate(ModelConfig config);
}
