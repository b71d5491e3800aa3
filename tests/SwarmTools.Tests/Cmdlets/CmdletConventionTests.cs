using System.Management.Automation;
using System.Reflection;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>Conventions every cmdlet must keep, checked by reflection over the module assembly.</summary>
public sealed class CmdletConventionTests
{
    private static readonly Type[] Cmdlets = typeof(Commands.NewSwarmNode).Assembly.GetTypes()
        .Where(t => t.IsPublic && !t.IsAbstract && t.GetCustomAttribute<CmdletAttribute>() != null).ToArray();

    public static IEnumerable<object[]> All => Cmdlets.Select(t => new object[] { t.Name });

    private static Type Get(string name) => Cmdlets.Single(t => t.Name == name);

    [Theory]
    [MemberData(nameof(All))]
    public void Has_an_OutputType(string name) => Assert.NotNull(Get(name).GetCustomAttribute<OutputTypeAttribute>());

    [Theory]
    [MemberData(nameof(All))]
    public void Uses_an_approved_verb(string name)
    {
        var verb = Get(name).GetCustomAttribute<CmdletAttribute>()!.VerbName;
        var approved = typeof(VerbsCommon).Assembly.GetTypes().Where(t => t.Name.StartsWith("Verbs"))
            .SelectMany(t => t.GetFields()).Select(f => f.GetValue(null) as string);
        Assert.Contains(verb, approved);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Changes_state_only_with_ShouldProcess(string name)
    {
        var attribute = Get(name).GetCustomAttribute<CmdletAttribute>()!;
        if (attribute.VerbName is "Get" or "Read" or "Test")
            Assert.False(attribute.SupportsShouldProcess, $"{name} only reads: a -WhatIf on it would suggest it changes something");
        else
            Assert.True(attribute.SupportsShouldProcess, $"{name} changes state and must support -WhatIf/-Confirm");
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        var manifest = File.ReadAllText(Support.RepoPaths.ModuleManifest);
        foreach (var t in Cmdlets)
        {
            var a = t.GetCustomAttribute<CmdletAttribute>()!;
            Assert.Contains($"'{a.VerbName}-{a.NounName}'", manifest);
        }
    }
}
