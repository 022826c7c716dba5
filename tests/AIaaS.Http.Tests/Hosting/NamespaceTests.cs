using System.Reflection;

namespace AIaaS.Http.Tests.Hosting;

/// <summary>
/// Namespaces follow the project that declares them, so a reader never has to ask which assembly
/// <c>AIaaS.Grains.X</c> lives in: each project's types sit under its own name, and
/// AIaaS.Abstractions (the shared contracts, named by domain) uses no other project's name.
/// </summary>
public sealed class NamespaceTests
{
    private static readonly Assembly[] Projects =
    [
        typeof(global::AIaaS.Models.ModelConfig).Assembly,
        typeof(global::AIaaS.Inference.Execution.OnnxModel).Assembly,
        typeof(global::AIaaS.Repository.ModelRepository).Assembly,
        typeof(global::AIaaS.Grains.GrainStorageNames).Assembly,
        typeof(global::AIaaS.Hosting.AIaaSSiloOptions).Assembly,
        typeof(global::AIaaS.Http.Hosting.AIaaSHttpOptions).Assembly,
        typeof(global::AIaaS.Routing.ModelRouter).Assembly,
        typeof(global::AIaaS.Classification.TextClassifier).Assembly,
    ];

    [Fact]
    public void EveryProjectsTypes_AreInItsOwnNamespaces()
    {
        var names = Projects.Select(p => p.GetName().Name!).ToArray();
        var misplaced = new List<string>();
        foreach (var project in Projects)
        {
            var name = project.GetName().Name!;
            foreach (var type in project.GetTypes().Where(t => t.Namespace?.StartsWith("AIaaS", StringComparison.Ordinal) == true))
            {
                var ns = type.Namespace!;
                var own = ns == name || ns.StartsWith(name + ".", StringComparison.Ordinal);
                var ok = name == "AIaaS.Abstractions"
                    ? !names.Any(other => ns == other || ns.StartsWith(other + ".", StringComparison.Ordinal))
                    : own;
                if (!ok)
                {
                    misplaced.Add($"{name}: {type.FullName}");
                }
            }
        }

        Assert.Empty(misplaced);
    }
}
