using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Orchestration;

/// <summary>
/// Changing a member on simulated hosts (the lab's SwarmFormationTests and DeadMemberTests are the
/// real-world proof): roles change only while quorum holds, a manager gets 2377 before it is
/// promoted, and a node leaves drained, demoted, then removed from the node list, in that order.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MemberChangeTests
{
    private static async Task<(SimulatedNodes Sim, List<SwarmNode> Nodes, NodeShell Manager)> SwarmAsync(int nodes, int managers)
    {
        var sim = new SimulatedNodes();
        var list = SimulatedNodes.Nodes(Enumerable.Range(1, nodes).ToArray());
        await sim.FormAsync(list, managers);
        return (sim, list, await sim.ConnectAsync(list[0], CancellationToken.None));
    }

    /// <summary>Where the first <paramref name="command"/> on <paramref name="host"/> at or after change number <paramref name="from"/> is in the cloud's journal.</summary>
    private static int Step(SimulatedNodes sim, string host, string command, int from = 0)
    {
        var at = sim.Cloud.Changes.ToList().FindIndex(from, c => c.StartsWith(host + ": " + command, StringComparison.Ordinal));
        Assert.True(at >= 0, $"'{host}: {command}' never ran: {string.Join(" | ", sim.Cloud.Changes)}");
        return at;
    }

    [Fact]
    public async Task A_worker_promoted_opens_2377_before_the_promotion()
    {
        var (sim, nodes, manager) = await SwarmAsync(3, 1);
        var node3 = sim.Host(nodes[2]);
        Assert.False(node3.Ufw.Admits(nodes[0].PrivateAddress!, 2377));
        var from = sim.Cloud.Changes.Count;

        await sim.Changes().SetRoleAsync(manager, nodes[2], SwarmRole.Manager, force: false);

        Assert.True(node3.Swarm!.Members.Single(m => m.Hostname == "node3").IsManager);
        Assert.True(node3.Ufw.Admits(nodes[0].PrivateAddress!, 2377));
        Assert.True(Step(sim, "node3", "firewall change", from) < Step(sim, "node1", "docker node promote", from));
    }

    [Fact]
    public async Task A_manager_demoted_closes_2377_after_the_demotion()
    {
        var (sim, nodes, manager) = await SwarmAsync(4, 3);
        var from = sim.Cloud.Changes.Count;
        // Three managers tolerate one failure, two tolerate none: only with -Force.
        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => sim.Changes().SetRoleAsync(manager, nodes[2], SwarmRole.Worker, force: false));
        Assert.Equal(ErrorIds.FaultToleranceWouldDrop, e.ErrorId);
        Assert.Equal(from, sim.Cloud.Changes.Count);

        await sim.Changes().SetRoleAsync(manager, nodes[2], SwarmRole.Worker, force: true);

        var node3 = sim.Host(nodes[2]);
        Assert.False(node3.Swarm!.Members.Single(m => m.Hostname == "node3").IsManager);
        Assert.False(node3.Ufw.Admits(nodes[0].PrivateAddress!, 2377));
        Assert.True(Step(sim, "node1", "docker node demote", from) < Step(sim, "node3", "firewall change", from));
    }

    [Fact]
    public async Task The_only_manager_is_never_demoted()
    {
        var (sim, nodes, manager) = await SwarmAsync(2, 1);

        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => sim.Changes().SetRoleAsync(manager, nodes[0], SwarmRole.Worker, force: true));

        Assert.Equal(ErrorIds.LastManager, e.ErrorId);
        Assert.DoesNotContain(sim.Cloud.Changes, c => c.Contains("demote", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_leaves_drained_then_left_then_removed_from_the_list()
    {
        var (sim, nodes, manager) = await SwarmAsync(3, 1);
        var changes = sim.Changes();
        var self = await sim.ConnectAsync(nodes[2], CancellationToken.None);

        Assert.True(await changes.LeaveAsync(self, await self.StateAsync(CancellationToken.None), nodes[2], () => Task.FromResult(manager), force: false));

        var drain = Step(sim, "node1", "docker node update --availability drain");
        var leave = Step(sim, "node3", "docker swarm leave");
        var remove = Step(sim, "node1", "docker node rm");
        Assert.True(drain < leave && leave < remove, string.Join(" | ", sim.Cloud.Changes));
        Assert.Null(sim.Host(nodes[2]).Swarm);
        Assert.DoesNotContain(sim.Host(nodes[0]).Swarm!.Members, m => m.Hostname == "node3");
    }

    [Fact]
    public async Task A_manager_leaves_demoted_first()
    {
        var (sim, nodes, manager) = await SwarmAsync(3, 3);
        var self = await sim.ConnectAsync(nodes[2], CancellationToken.None);

        await sim.Changes().LeaveAsync(self, await self.StateAsync(CancellationToken.None), nodes[2], () => Task.FromResult(manager), force: true);

        Assert.True(Step(sim, "node1", "docker node demote") < Step(sim, "node3", "docker swarm leave"));
        Assert.Equal(2, sim.Host(nodes[0]).Swarm!.Members.Count);
    }

    [Fact]
    public async Task The_last_manager_leaves_only_with_Force()
    {
        var (sim, nodes, manager) = await SwarmAsync(2, 1);
        var state = await manager.StateAsync(CancellationToken.None);
        Task<NodeShell> None() => throw new NoManagerFoundException("none", null);

        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => sim.Changes().LeaveAsync(manager, state, nodes[0], None, force: false));
        Assert.Equal(ErrorIds.LastManager, e.ErrorId);
        Assert.NotNull(sim.Host(nodes[0]).Swarm);

        Assert.True(await sim.Changes().LeaveAsync(manager, state, nodes[0], None, force: true));
        Assert.Null(sim.Host(nodes[0]).Swarm);
        Assert.Contains(sim.Observer.Warnings, w => w.Contains("last manager", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Availability_and_labels_change_once_and_a_rerun_changes_nothing()
    {
        var (sim, nodes, manager) = await SwarmAsync(2, 1);
        var changes = sim.Changes();

        await changes.SetAvailabilityAsync(manager, nodes[1], NodeAvailability.Pause);
        await changes.SetLabelsAsync(manager, nodes[1], new Dictionary<string, string> { ["zone"] = "a" }, Array.Empty<string>());
        var count = sim.Cloud.Changes.Count;
        await changes.SetAvailabilityAsync(manager, nodes[1], NodeAvailability.Pause);
        await changes.SetLabelsAsync(manager, nodes[1], new Dictionary<string, string> { ["zone"] = "a" }, Array.Empty<string>());

        var member = (await changes.MemberAsync(manager, nodes[1]))!;
        Assert.Equal(NodeAvailability.Pause, member.Availability);
        Assert.Equal(new[] { "zone=a" }, member.Labels);
        Assert.Equal(count, sim.Cloud.Changes.Count);
    }

    [Fact]
    public async Task Demoting_the_only_manager_is_OnlyManager_not_no_manager_found()
    {
        var (sim, nodes, _) = await SwarmAsync(2, 1);

        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => sim.Changes().ManagerForAsync(sim.Locator(nodes[0]), nodes[0], SwarmRole.Worker));
        Assert.Equal(ErrorIds.LastManager, e.ErrorId);
        Assert.Contains("only manager", e.Message, StringComparison.Ordinal);

        // With a second manager the demotion goes through it (node1 asked for itself is excluded).
        await sim.Changes().SetRoleAsync((await sim.Changes().ManagerForAsync(sim.Locator(nodes[0]), nodes[1], SwarmRole.Manager)), nodes[1], SwarmRole.Manager, force: false);
        var other = await Assert.ThrowsAsync<NoManagerFoundException>(() => sim.Changes().ManagerForAsync(sim.Locator(nodes[0]), nodes[0], SwarmRole.Worker));
        Assert.Equal(ErrorIds.NoManagerFound, other.ErrorId); // -Manager named the node itself while another manager exists: pass another
    }

    [Fact]
    public async Task The_first_manager_to_answer_is_found_and_a_worker_is_never_taken_for_one()
    {
        var (sim, nodes, _) = await SwarmAsync(3, 1);

        var found = await sim.Locator().FindAsync(new[] { nodes[1], nodes[2], nodes[0] }, except: null, CancellationToken.None);
        Assert.Equal("node1", found.Name);

        await Assert.ThrowsAsync<NoManagerFoundException>(() => sim.Locator().FindAsync(new[] { nodes[1], nodes[2] }, except: null, CancellationToken.None));
    }
}

/// <summary>Every member's host firewall brought in line on simulated hosts (the lab's SwarmFirewallTests are the real-world proof).</summary>
[Trait("Category", "Unit")]
public sealed class MemberFirewallTests
{
    [Fact]
    public async Task Members_admit_each_other_and_only_managers_open_2377()
    {
        var sim = new SimulatedNodes();
        var nodes = SimulatedNodes.Nodes(1, 2, 3);
        await sim.FormAsync(nodes, managers: 1);

        foreach (var node in nodes)
            foreach (var other in nodes.Where(o => o != node))
            {
                Assert.True(sim.Host(node).Ufw.Admits(other.PrivateAddress!, 7946), $"{node.Name} does not admit {other.Name} on 7946");
                Assert.Equal(node.Name == "node1", sim.Host(node).Ufw.Admits(other.PrivateAddress!, 2377));
            }
        // The control: an address outside the swarm is not admitted.
        Assert.False(sim.Host(nodes[0]).Ufw.Admits("10.10.0.99", 7946));
    }

    [Fact]
    public async Task A_member_gone_from_the_list_is_no_longer_admitted()
    {
        var sim = new SimulatedNodes();
        var nodes = SimulatedNodes.Nodes(1, 2, 3);
        await sim.FormAsync(nodes, managers: 1);
        var manager = await sim.ConnectAsync(nodes[0], CancellationToken.None);
        var self = await sim.ConnectAsync(nodes[2], CancellationToken.None);
        await sim.Changes().LeaveAsync(self, await self.StateAsync(CancellationToken.None), nodes[2], () => Task.FromResult(manager), force: false);
        Assert.True(sim.Host(nodes[0]).Ufw.Admits(nodes[2].PrivateAddress!, 7946));

        var members = await manager.MembersAsync(CancellationToken.None);
        await new MemberFirewalls(members, nodes, sim.ConnectAsync, sim.Observer).ConvergeAsync(null, null, CancellationToken.None);

        Assert.False(sim.Host(nodes[0]).Ufw.Admits(nodes[2].PrivateAddress!, 7946));
        Assert.True(sim.Host(nodes[0]).Ufw.Admits(nodes[1].PrivateAddress!, 7946));
        Assert.False(sim.Host(nodes[1]).Ufw.Admits(nodes[2].PrivateAddress!, 7946));
        Assert.Empty(sim.Observer.Failed);
    }

    [Fact]
    public async Task A_member_that_cannot_be_reached_is_named_and_the_others_are_set()
    {
        var sim = new SimulatedNodes();
        var nodes = SimulatedNodes.Nodes(1, 2, 3);
        await sim.FormAsync(nodes, managers: 1);
        var manager = await sim.ConnectAsync(nodes[0], CancellationToken.None);
        var members = await manager.MembersAsync(CancellationToken.None);
        var policy = new FirewallPolicy { AllowPorts = new[] { PortSpec.Parse("8080") } };

        await new MemberFirewalls(members, nodes, (node, ct) => node.Name == "node2"
                ? throw new SwarmToolsException(ErrorIds.NodeUnreachable, FailureKind.Connection, "node2 could not be reached", node.Name)
                : sim.ConnectAsync(node, ct), sim.Observer)
            .ConvergeAsync(policy, null, CancellationToken.None);

        Assert.Equal(new[] { ("node2", ErrorIds.NodeUnreachable) }, sim.Observer.Failed);
        Assert.True(sim.Host(nodes[0]).Ufw.Admits("192.0.2.1", 8080));
        Assert.True(sim.Host(nodes[2]).Ufw.Admits("192.0.2.1", 8080));
        Assert.False(sim.Host(nodes[1]).Ufw.Admits("192.0.2.1", 8080));
    }
}
