using SwarmTools.Simulation;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Initialize-Swarm, Join-SwarmNode, Set-SwarmNode and Get-Swarm as a user runs them, in process,
/// against the API-only sandbox, with the droplets' hosts simulated: the session's runspace was
/// opened with the simulated cloud as its connector (RunspaceConnectors), so no root and no lab is
/// needed. The lab tests (SwarmFormationTests, DeadMemberTests) are the real-world proof.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class SimulatedSwarmCmdletTests : IDisposable
{
    private static readonly string Key = TestKeys.NewPublicKey();
    private readonly PowerShellSession _ps = SandboxSession.Open();
    private readonly SimulatedCloud _cloud = new();
    private readonly string _tag = Sandbox.UniqueTag();

    public SimulatedSwarmCmdletTests() => _ps.UseConnector(_cloud);

    public void Dispose() => _ps.Dispose();

    private Dictionary<string, object?> Vars(Dictionary<string, object?>? more = null)
    {
        var vars = new Dictionary<string, object?> { ["tag"] = _tag, ["key"] = Key };
        foreach (var (k, v) in more ?? new()) vars[k] = v;
        return vars;
    }

    private PowerShellSession.Result Run(string script)
    {
        var result = _ps.Invoke(script, Vars());
        Assert.True(result.Terminating is null && result.Errors.Count == 0, $"'{script}' failed: {result.AllText}");
        return result;
    }

    private Swarm Form(int nodes, int managers) => (Swarm)Run(
        $"$nodes = New-SwarmNode -Count {nodes} -Name node -SwarmTag $tag -SshKey $key; $nodes | Initialize-Swarm -ManagerCount {managers} -SwarmTag $tag").Output.Single().BaseObject;

    private SimulatedHost HostOf(string name) => _cloud.Hosts.Single(h => h.Name == name);

    [Fact]
    public void Initialize_Swarm_forms_the_swarm_on_the_nodes_it_is_given()
    {
        var swarm = Form(nodes: 4, managers: 3);

        Assert.Equal(new[] { "node1", "node2", "node3" }, swarm.Managers.OrderBy(n => n));
        Assert.Equal(new[] { "node4" }, swarm.Workers);
        Assert.Equal(4, _cloud.Hosts.Count);
        // The hosts themselves are in one swarm, and every one of them was reached through the session's connector.
        Assert.Single(_cloud.Hosts.Select(h => h.Swarm).Distinct());
        Assert.Equal(4, HostOf("node1").Swarm!.Members.Count);
    }

    [Fact]
    public void Initialize_Swarm_WhatIf_changes_no_host()
    {
        Run("$nodes = New-SwarmNode -Count 2 -Name node -SwarmTag $tag -SshKey $key; $nodes | Initialize-Swarm -SwarmTag $tag -WhatIf");

        Assert.Equal(2, _cloud.Hosts.Count); // the control: the hosts were reached (New-SwarmNode waited for them)
        Assert.Empty(_cloud.Changes);
    }

    [Fact]
    public void Join_SwarmNode_adds_a_new_node_with_the_role_asked_for()
    {
        var swarm = Form(nodes: 1, managers: 1);

        var joined = (SwarmNode)Run("New-SwarmNode -Name extra -SwarmTag $tag -SshKey $key | Join-SwarmNode -Manager ($nodes | Select-Object -First 1) -Role Manager -SwarmTag $tag")
            .Output.Single().BaseObject;

        Assert.Equal("extra", joined.Name);
        Assert.Equal(SwarmRole.Manager, joined.Role);
        Assert.Equal(swarm.ClusterId, HostOf("extra").Swarm!.ClusterId);
        Assert.True(HostOf("extra").Swarm!.Members.Single(m => m.Hostname == "extra").IsManager);
        Assert.True(HostOf("extra").Ufw.Admits(HostOf("node1").PrivateAddress, 2377));
    }

    [Fact]
    public void Set_SwarmNode_promotes_drains_and_labels_through_a_manager_it_finds()
    {
        Form(nodes: 2, managers: 1);

        Run("Get-SwarmNode -Name node2 -Tag $tag | Set-SwarmNode -Role Manager -Availability Drain -Label @{ zone = 'a' } -SwarmTag $tag");

        var member = HostOf("node1").Swarm!.Members.Single(m => m.Hostname == "node2");
        Assert.True(member.IsManager);
        Assert.Equal("drain", member.Availability);
        Assert.Equal("a", member.Labels["zone"]);
    }

    [Fact]
    public void Set_SwarmNode_refuses_a_demotion_that_lowers_fault_tolerance_without_Force()
    {
        Form(nodes: 3, managers: 3);
        var changes = _cloud.Changes.Count;

        var refused = _ps.Invoke("Get-SwarmNode -Name node3 -Tag $tag | Set-SwarmNode -Role Worker -SwarmTag $tag", Vars());

        Assert.Contains(refused.ErrorIds, id => id.StartsWith(ErrorIds.FaultToleranceWouldDrop, StringComparison.Ordinal));
        Assert.Equal(changes, _cloud.Changes.Count);
        // The control: with -Force the same demotion is made.
        Run("Get-SwarmNode -Name node3 -Tag $tag | Set-SwarmNode -Role Worker -Force -SwarmTag $tag");
        Assert.False(HostOf("node1").Swarm!.Members.Single(m => m.Hostname == "node3").IsManager);
    }

    [Fact]
    public void Get_Swarm_reads_the_swarm_back_from_a_manager_under_the_tag()
    {
        var formed = Form(nodes: 3, managers: 1);

        var read = (Swarm)Run("Get-Swarm -SwarmTag $tag").Output.Single().BaseObject;

        Assert.Equal(formed.ClusterId, read.ClusterId);
        Assert.Equal(new[] { "node1", "node2", "node3" }, read.Members.Select(m => m.Hostname).OrderBy(n => n));
        Assert.Equal("node1", read.Leader);
        Assert.Equal(3, read.Nodes.Length);
    }
}
