using System.Reflection;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// Every lab test class says where it runs: alone (<see cref="LabCollection"/>) or beside the others
/// (<see cref="LabParallel"/>). Without a [Collection], xUnit would quietly give it a parallel
/// collection of its own: a class that stops the shared lab or counts the request log would then
/// break the tests running beside it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LabPlacementTests
{
    /// <summary>The classes whose [Collection] is neither the lab's alone nor a lab one beside the others.</summary>
    private static IEnumerable<string> Unplaced(IEnumerable<Type> classes) =>
        classes.Where(t => Collection(t) is not { } name || !(name == LabCollection.Name || name.StartsWith(LabParallel.Own, StringComparison.Ordinal)))
            .Select(t => t.Name);

    // The attribute keeps its name only as its constructor argument.
    private static string? Collection(Type t) =>
        (string?)t.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == typeof(CollectionAttribute))?.ConstructorArguments[0].Value;

    [Fact]
    public void Every_lab_class_runs_alone_or_in_a_lab_collection_beside_the_others()
    {
        var lab = typeof(LabPlacementTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "SwarmTools.Tests.Lab" && t.IsClass && t.GetMethods().Any(m => m.IsDefined(typeof(FactAttribute))))
            .ToList();
        Assert.Contains(lab, t => t.Name == "SwarmFirewallTests"); // control: the lab classes were found
        Assert.Empty(Unplaced(lab));
        // Control: the check names a class without a collection and one in another collection.
        Assert.Equal(new[] { nameof(NoCollection), nameof(OtherCollection) }, Unplaced(new[] { typeof(NoCollection), typeof(OtherCollection), typeof(Alone), typeof(Beside) }));
    }

    // Probes for the check (no tests in them).
    private sealed class NoCollection;
    [Collection(SandboxCollection.Name)] private sealed class OtherCollection;
    [Collection(LabCollection.Name)] private sealed class Alone;
    [Collection(LabParallel.Own + nameof(Beside))] private sealed class Beside;
}
