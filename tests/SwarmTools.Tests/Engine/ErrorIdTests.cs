using System.Reflection;
using System.Text.RegularExpressions;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Engine;

/// <summary>Error ids: defined once (SwarmTools.ErrorIds), unique, documented in about_SwarmTools, never branched on.</summary>
[Trait("Category", "Unit")]
public sealed class ErrorIdTests
{
    internal static readonly FieldInfo[] Ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToArray();

    // An id written as a literal where an exception or error record is made, and code that compares ids.
    private static readonly Regex LiteralId = new(@"(SwarmToolsException|ErrorRecord)\([^;]*?""[A-Z][A-Za-z]+""\s*,\s*(FailureKind|ErrorCategory)", RegexOptions.Singleline);
    private static readonly Regex BranchOnId = new(@"\.ErrorId\s*(==|!=|is\b)|\.ErrorId\.Equals\(|Equals\([^)]*\.ErrorId");

    private static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains("SwarmTools.Sandbox"))
            .Select(f => (Path.GetRelativePath(RepoPaths.Root, f), File.ReadAllText(f)));

    [Fact]
    public void Are_unique_and_named_as_they_read()
    {
        Assert.True(Ids.Length > 50);
        var values = Ids.Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(values.Count, values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(Ids, f => Assert.Equal(f.Name, (string)f.GetRawConstantValue()!));
    }

    [Fact]
    public void Are_defined_in_one_place_and_never_compared()
    {
        var literal = Sources().Where(s => LiteralId.IsMatch(s.Text)).Select(s => s.File).ToList();
        Assert.True(literal.Count == 0, "ids written as literals (use ErrorIds): " + string.Join(", ", literal));
        var branching = Sources().Where(s => BranchOnId.IsMatch(s.Text)).Select(s => s.File).ToList();
        Assert.True(branching.Count == 0, "code that branches on an error id (catch a type instead): " + string.Join(", ", branching));
    }

    [Fact]
    public void The_scans_would_catch_a_literal_id_and_a_comparison()
    {
        // Positive controls for the scans above.
        Assert.Matches(LiteralId, "throw new SwarmToolsException(\"NodeGone\", FailureKind.NotFound, $\"…\");");
        Assert.Matches(LiteralId, "new ErrorRecord(e, \"NodeGone\", ErrorCategory.NotSpecified, null)");
        Assert.DoesNotMatch(LiteralId, "throw new SwarmToolsException(ErrorIds.NodeNotFound, FailureKind.NotFound, $\"There is no \\\"x\\\"\");");
        Assert.Matches(BranchOnId, "catch (SwarmToolsException e) when (e.ErrorId == \"NoManagerFound\")");
    }
}

/// <summary>The built module's about_SwarmTools (made by tools/Build-Help.ps1 from ErrorIds.cs) explains every id.</summary>
[Trait("Category", "Sandbox")]
public sealed class ErrorIdHelpTests
{
    [Fact]
    public void Are_each_explained_in_about_SwarmTools()
    {
        var about = File.ReadAllText(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "en-US", "about_SwarmTools.help.txt"));
        foreach (var id in ErrorIdTests.Ids.Select(f => f.Name))
            Assert.Matches(new Regex($@"\n    {id}\n        \S.{{10,}}"), about);
    }
}
