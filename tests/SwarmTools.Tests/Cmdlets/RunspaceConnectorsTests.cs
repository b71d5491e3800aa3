using System.Management.Automation.Runspaces;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Simulation;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>A runspace's cmdlets reach nodes over SSH unless whoever opened the runspace chose another connector for it, for that runspace alone.</summary>
[Trait("Category", "Unit")]
public sealed class RunspaceConnectorsTests
{
    [Fact]
    public void A_chosen_connector_belongs_to_its_runspace_alone_and_SSH_is_the_default()
    {
        using var chosen = RunspaceFactory.CreateRunspace();
        using var other = RunspaceFactory.CreateRunspace();
        var cloud = new SimulatedCloud();

        Assert.Same(SshNodeConnector.Instance, RunspaceConnectors.For(chosen));
        RunspaceConnectors.Use(chosen, cloud);

        Assert.Same(cloud, RunspaceConnectors.For(chosen));
        Assert.Same(SshNodeConnector.Instance, RunspaceConnectors.For(other));
        Assert.Same(SshNodeConnector.Instance, RunspaceConnectors.For(null));
    }

    [Fact]
    public void SshAccess_reaches_nodes_over_SSH_unless_given_a_connector()
    {
        var cloud = new SimulatedCloud();
        Assert.Same(SshNodeConnector.Instance, new SshAccess(null, null, false).Connector);
        Assert.Same(cloud, new SshAccess(null, null, false, cloud).Connector);
    }
}
