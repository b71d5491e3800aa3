using System.Reflection;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Simulation;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Orchestration;

/// <summary>
/// Nodes are reached through the connector the access names, never through a process-wide stand-in:
/// two connectors at once each reach their own hosts, and NodeConnections has nothing settable.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NodeConnectorTests
{
    [Fact]
    public async Task Each_access_reaches_nodes_through_its_own_connector()
    {
        var (one, two) = (new SimulatedCloud(), new SimulatedCloud());
        var node = SimulatedNodes.Node(1);

        var shell = await NodeConnections.ShellAsync(node, new SshAccess(null, null, false, one), CancellationToken.None);
        var key = await NodeConnections.OwnHostKeyAsync(node, new SshAccess(null, null, false, one), CancellationToken.None);

        Assert.Equal(node.PublicAddress, shell.Address);
        Assert.Equal(one.Host(node).HostKeyFingerprint, key);
        Assert.Single(one.Hosts);
        Assert.Empty(two.Hosts);
        await NodeConnections.ShellAsync(node, new SshAccess(null, null, false, two), CancellationToken.None);
        Assert.Single(two.Hosts);
    }

    [Fact]
    public void NodeConnections_has_no_settable_static_seam()
    {
        const BindingFlags all = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var settable = typeof(NodeConnections).GetProperties(all).Where(p => p.SetMethod != null).Select(p => p.Name)
            .Concat(typeof(NodeConnections).GetFields(all).Where(f => !f.IsInitOnly && !f.IsLiteral).Select(f => f.Name)).ToList();
        Assert.Empty(settable);
        // The control: the check sees a settable static property.
        Assert.Contains(typeof(Seamed).GetProperties(all), p => p.SetMethod != null);
    }

    private static class Seamed
    {
        public static Func<int>? StandIn { get; set; }
    }
}
