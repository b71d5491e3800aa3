using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// The signature test: conventions every exported cmdlet must keep, checked by reflection over the
/// module assembly, its IL, and the help the build wrote (tools/Build-Help.ps1).
/// </summary>
[Trait("Category", "Sandbox")]
public sealed class CmdletConventionTests
{
    private static readonly Type[] Cmdlets = typeof(Commands.NewSwarmNode).Assembly.GetTypes()
        .Where(t => t.IsPublic && !t.IsAbstract && t.GetCustomAttribute<CmdletAttribute>() != null).ToArray();

    public static IEnumerable<object[]> All => Cmdlets.Select(t => new object[] { t.Name });

    private static Type Get(string name) => Cmdlets.Single(t => t.Name == name);

    private static string CmdletName(Type t)
    {
        var a = t.GetCustomAttribute<CmdletAttribute>()!;
        return $"{a.VerbName}-{a.NounName}";
    }

    private static IEnumerable<PropertyInfo> Parameters(Type t) =>
        t.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetCustomAttributes<ParameterAttribute>().Any());

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

    [Theory]
    [MemberData(nameof(All))]
    public void Has_Force_only_together_with_ShouldProcess(string name)
    {
        if (Get(name).GetProperty("Force") is null) return;
        Assert.True(Get(name).GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess, $"{name} has -Force but no ShouldProcess: -Force must only ever skip a question");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Reads_every_parameter_it_offers(string name) => Assert.Empty(ParameterUse.Ignored(Get(name)));

    [Fact]
    public void The_parameter_check_finds_an_ignored_parameter()
    {
        // Positive control: a cmdlet that reads -Used but neither -Ignored nor the SSH parameters it inherits.
        var ignored = ParameterUse.Ignored(typeof(CmdletWithIgnoredParameters));
        Assert.Contains("Ignored", ignored);
        Assert.Contains("IdentityFile", ignored);
        Assert.DoesNotContain("Used", ignored);
        // And one that reads its inherited parameters through the base class (Access) is not flagged for them.
        Assert.DoesNotContain("IdentityFile", ParameterUse.Ignored(typeof(Commands.InvokeSwarmCommand)));
    }

    [Theory]
    [InlineData(typeof(Commands.InvokeSwarmCommand))]
    [InlineData(typeof(Commands.UseSwarmNode))]
    public void Cmdlets_that_only_use_SSH_take_no_Token(Type cmdlet)
    {
        Assert.Null(cmdlet.GetProperty("Token"));
        Assert.NotNull(cmdlet.GetProperty("IdentityFile"));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Has_help_for_itself_and_every_parameter_with_pipeline_input_documented(string name)
    {
        var type = Get(name);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10", maml = "http://schemas.microsoft.com/maml/2004/10", dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        var help = XDocument.Load(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "en-US", "SwarmTools.dll-Help.xml"))
            .Descendants(command + "command").SingleOrDefault(c => (string?)c.Element(command + "details")?.Element(command + "name") == CmdletName(type));
        Assert.True(help != null, $"{CmdletName(type)} has no help in the built module");
        Assert.NotEmpty(help.Element(command + "details")!.Element(maml + "description")!.Value.Trim());
        Assert.True(help.Element(command + "examples")!.Elements(command + "example").Count() >= 2, $"{CmdletName(type)} has fewer than two examples");
        var documented = help.Element(command + "parameters")!.Elements(command + "parameter")
            .ToDictionary(p => p.Element(maml + "name")!.Value, p => p.Element(maml + "description")!.Value.Trim());
        foreach (var p in Parameters(type))
            Assert.True(documented.TryGetValue(p.Name, out var text) && text.Length > 0, $"{CmdletName(type)} -{p.Name} has no help");
        var inputs = help.Element(command + "inputTypes")!.Value;
        foreach (var p in Parameters(type).Where(p => p.GetCustomAttributes<ParameterAttribute>().Any(a => a.ValueFromPipeline || a.ValueFromPipelineByPropertyName)))
            Assert.True(inputs.Contains("-" + p.Name), $"{CmdletName(type)}'s inputs do not say what binds to -{p.Name}");
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        var manifest = File.ReadAllText(RepoPaths.ModuleManifest);
        foreach (var t in Cmdlets) Assert.Contains($"'{CmdletName(t)}'", manifest);
        Assert.Equal(Cmdlets.Length, System.Text.RegularExpressions.Regex.Matches(manifest[manifest.IndexOf("CmdletsToExport")..manifest.IndexOf("FunctionsToExport")], @"'\w+-\w+'").Count);
    }
}

/// <summary>For the positive control above: a cmdlet that ignores two kinds of parameter.</summary>
[Cmdlet(VerbsCommon.Get, "IgnoredParameterProbe")]
[OutputType(typeof(string))]
public sealed class CmdletWithIgnoredParameters : Infrastructure.SshCmdlet
{
    [Parameter] public string? Used { get; set; }
    [Parameter] public string? Ignored { get; set; }
    protected override void ProcessRecord() => WriteObject(Used);
}
