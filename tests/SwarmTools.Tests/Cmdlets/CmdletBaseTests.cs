using System.Management.Automation;
using System.Reflection;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// The cmdlet bases hold parameters, not helpers: finding a manager, reaching a node and changing
/// members live in the engine (ManagerLocator, NodeReach, SwarmMemberEditor), where they are tested
/// without PowerShell. And one name per parameter: the swarm tag is -SwarmTag everywhere.
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
}
