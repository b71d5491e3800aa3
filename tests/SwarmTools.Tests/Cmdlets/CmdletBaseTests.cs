using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// The cmdlet bases hold parameters, not helpers: finding a manager, reaching a node and changing
/// members live in the engine (ManagerLocator, NodeReach, SwarmMemberEditor), where they are tested
/// without PowerShell. And one name per parameter: the swarm tag is -SwarmTag everywhere. Every
/// cmdlet is at most three deep (PSCmdlet, SwarmCmdlet, one parameter-holding base), so the bases
/// repeat the parameters they share; the copies must stay identical.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CmdletBaseTests
{
    private static readonly Type[] Bases = typeof(Commands.NewSwarmNode).Assembly.GetTypes()
        .Where(t => t.IsAbstract && typeof(PSCmdlet).IsAssignableFrom(t)).ToArray();

    private static IEnumerable<PropertyInfo> Parameters(Type t) =>
        t.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetCustomAttributes<ParameterAttribute>().Any());

    [Fact]
    public void No_base_reaches_nodes_or_finds_managers_itself()
    {
        var member = Bases.Single(t => t.Name == "SwarmMemberCmdlet");
        Assert.Contains(Parameters(member), p => p.Name == "Manager"); // the scan below reads the real bases

        var engineWork = new[] { typeof(Task<NodeShell>), typeof(SwarmMemberEditor), typeof(Func<SwarmNode, CancellationToken, Task<NodeShell>>) };
        var helpers = Bases.SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(m => engineWork.Contains(m.ReturnType)).Select(m => $"{t.Name}.{m.Name}"))
            .Concat(Bases.SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(p => p.Name == "ApiForSearch").Select(p => $"{t.Name}.{p.Name}")));
        Assert.Empty(helpers);
    }

    [Fact]
    public void An_API_only_base_has_the_token_and_no_SSH_parameter_and_the_SSH_bases_have_all_three()
    {
        var ssh = new[] { "IdentityFile", "KnownHostsFile", "TrustOnFirstUse" };
        var api = Bases.Single(t => t.Name == "ApiCmdlet");
        Assert.Equal(new[] { "Token" }, Parameters(api).Select(p => p.Name));
        foreach (var withSsh in new[] { "SshCmdlet", "DigitalOceanCmdlet" })
            Assert.Equal(ssh, Parameters(Bases.Single(t => t.Name == withSsh)).Select(p => p.Name).Intersect(ssh).OrderBy(n => n));
    }

    [Fact]
    public void Get_SwarmNode_has_one_tag_parameter_SwarmTag_and_Tag_is_its_alias()
    {
        var tags = Parameters(typeof(Commands.GetSwarmNode)).Where(p => p.Name.EndsWith("Tag", StringComparison.Ordinal)).ToList();

        var swarmTag = Assert.Single(tags);
        Assert.Equal("SwarmTag", swarmTag.Name);
        Assert.Contains("Tag", swarmTag.GetCustomAttribute<AliasAttribute>()!.AliasNames);
    }

    private static readonly Type[] Cmdlets = typeof(Commands.NewSwarmNode).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(PSCmdlet).IsAssignableFrom(t)).ToArray();

    private static int Depth(Type t)
    {
        var depth = 0;
        for (var b = t; b != typeof(PSCmdlet); b = b.BaseType!) depth++;
        return depth;
    }

    private abstract class ExtraBase : Infrastructure.SwarmMemberCmdlet { }

    private sealed class TooDeep : ExtraBase { }

    [Fact]
    public void No_cmdlet_is_more_than_three_deep_from_PSCmdlet()
    {
        Assert.Equal(3, Depth(typeof(Commands.GetSwarm)));  // the scan counts what it should
        Assert.Equal(4, Depth(typeof(TooDeep)));             // and a base on a base is caught
        Assert.Contains(typeof(Commands.RemoveSwarmNode), Cmdlets);

        Assert.Empty(Cmdlets.Where(t => Depth(t) > 3).Select(t => $"{t.Name} ({Depth(t)} deep)"));
        Assert.All(Bases.Where(b => b != typeof(Infrastructure.SwarmCmdlet)), b => Assert.Equal(typeof(Infrastructure.SwarmCmdlet), b.BaseType));
    }

    private static readonly XDocument Docs = XDocument.Load(Path.ChangeExtension(typeof(Commands.NewSwarmNode).Assembly.Location, ".xml"));

    /// <summary>What PowerShell and the help read of one declaration: type, attributes (with their arguments), doc comment.</summary>
    private static string Declaration(PropertyInfo p)
    {
        // The compiler's nullable markers follow the class they sit in, not the declaration: left out.
        var attributes = p.GetCustomAttributesData().Where(a => a.AttributeType.Namespace != "System.Runtime.CompilerServices")
            .Select(a => a.ToString()).OrderBy(a => a, StringComparer.Ordinal);
        var doc = Docs.Descendants("member").SingleOrDefault(m => (string?)m.Attribute("name") == $"P:{p.DeclaringType!.FullName}.{p.Name}");
        var help = doc is null ? "(no doc comment)" : string.Join(" | ", doc.Elements().Select(e => $"{e.Name}: {string.Join(" ", e.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}"));
        return $"{p.PropertyType} {string.Join(" ", attributes)} {help}";
    }

    [Fact]
    public void The_repeated_declarations_of_a_parameter_agree_with_the_original()
    {
        // The originals: -Token on the API-only base, the SSH parameters on the SSH-only base.
        var originals = new[] { typeof(Infrastructure.ApiCmdlet), typeof(Infrastructure.SshCmdlet) }.SelectMany(Parameters).ToList();
        var copies = typeof(Commands.NewSwarmNode).Assembly.GetTypes().Where(t => typeof(PSCmdlet).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any())
            .Where(p => originals.Any(o => o.Name == p.Name && o.DeclaringType != p.DeclaringType)).ToList();

        // Controls: the copies are found (Token in three more bases, IdentityFile in three), the
        // comparison reads the help text (the two -SwarmTag declarations say different things)...
        Assert.Equal(3, copies.Count(p => p.Name == "Token"));
        Assert.Equal(3, copies.Count(p => p.Name == "IdentityFile"));
        Assert.NotEqual(Declaration(typeof(Infrastructure.SwarmMemberCmdlet).GetProperty("SwarmTag")!), Declaration(typeof(Infrastructure.FormationCmdlet).GetProperty("SwarmTag")!));
        // ...and the attributes with their arguments (the two file validations differ only in MustExist).
        Assert.Contains("MustExist", Declaration(typeof(Infrastructure.SshCmdlet).GetProperty("IdentityFile")!));
        Assert.Contains("value: $env:DIGITALOCEAN_TOKEN", Declaration(typeof(Infrastructure.ApiCmdlet).GetProperty("Token")!));

        foreach (var copy in copies)
        {
            var original = originals.Single(o => o.Name == copy.Name);
            Assert.True(Declaration(original) == Declaration(copy),
                $"{copy.DeclaringType!.Name}.{copy.Name} differs from {original.DeclaringType!.Name}.{copy.Name}:\n{Declaration(copy)}\n{Declaration(original)}");
        }
    }
}
