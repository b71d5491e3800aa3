using SwarmTools.Engine.Maintenance;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Maintenance;

/// <summary>
/// The maintenance plan on simulated hosts (the lab's MaintenanceTests carry it out on real ones): workers,
/// then managers, the leader last; the steps each node needs, from where a stopped run left it; and the
/// refusals made before anything changes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MaintenancePlanTests
{
    private static readonly MaintenanceOptions Everything = new() { RunsCommand = true, Reboot = true, Force = true };

    /// <summary>A formed swarm (node1 initialises it: the leader), its droplets and members as a manager lists them.</summary>
    private static async Task<(SimulatedNodes Sim, List<SwarmNode> Nodes, NodeShell Manager, List<SwarmMember> Members)> SwarmAsync(int nodes, int managers)
    {
        var sim = new SimulatedNodes();
        var list = SimulatedNodes.Nodes(Enumerable.Range(1, nodes).ToArray());
        await sim.FormAsync(list, managers);
        var manager = await sim.ConnectAsync(list[0], CancellationToken.None);
        return (sim, list, manager, await manager.MembersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Workers_come_first_then_managers_and_the_leader_last()
    {
        var (_, nodes, _, members) = await SwarmAsync(5, 3);
        var leader = Assert.Single(members, m => m.ManagerStatus == ManagerStatus.Leader).Hostname;
        Assert.Equal("node1", leader); // first by name: the order cannot come from the names alone

        var plan = MaintenancePlan.Build(members, nodes, Everything);

        var roles = members.ToDictionary(m => m.Hostname, m => m.IsManager);
        Assert.Equal(5, plan.Nodes.Count);
        Assert.Equal(new[] { "Worker", "Worker", "Manager", "Manager", "Leader" }, plan.Nodes.Select(n => n.Role));
        Assert.All(plan.Nodes.Take(2), n => Assert.False(roles[n.Name]));
        Assert.All(plan.Nodes.Skip(2), n => Assert.True(roles[n.Name]));
        Assert.Equal(leader, plan.Nodes[^1].Name);
        Assert.All(plan.Nodes, n => Assert.Equal(new[] { MaintenanceStep.Drain, MaintenanceStep.Command, MaintenanceStep.Reboot,
            MaintenanceStep.WaitReady, MaintenanceStep.Restore, MaintenanceStep.Verify }, n.Steps));
        Assert.All(plan.Nodes, n => Assert.Equal(NodeAvailability.Active, n.RestoreTo));
    }

    [Fact]
    public async Task Without_a_reboot_or_command_those_steps_are_left_out()
    {
        var (_, nodes, _, members) = await SwarmAsync(2, 1);
        var plan = MaintenancePlan.Build(members, nodes.Skip(1).ToList(), new MaintenanceOptions { RunsCommand = true });
        Assert.Equal(new[] { MaintenanceStep.Drain, MaintenanceStep.Command, MaintenanceStep.Restore, MaintenanceStep.Verify }, Assert.Single(plan.Nodes).Steps);
        plan = MaintenancePlan.Build(members, nodes.Skip(1).ToList(), new MaintenanceOptions { Reboot = true });
        Assert.Equal(new[] { MaintenanceStep.Drain, MaintenanceStep.Reboot, MaintenanceStep.WaitReady, MaintenanceStep.Restore, MaintenanceStep.Verify }, Assert.Single(plan.Nodes).Steps);
    }

    [Fact]
    public async Task A_manager_is_taken_out_only_while_quorum_holds_and_below_one_tolerated_failure_only_with_Force()
    {
        var (_, three, _, members3) = await SwarmAsync(5, 3);
        var noForce = new MaintenanceOptions { Reboot = true };
        var e = Assert.Throws<SwarmToolsException>(() => MaintenancePlan.Build(members3, three, noForce));
        Assert.Equal(ErrorIds.FaultToleranceWouldDrop, e.ErrorId);
        Assert.Contains("-Force", e.Message);
        // The workers alone touch no manager: no -Force needed (the control).
        var workers = three.Where(n => !MaintenancePlan.MemberOf(members3, n)!.IsManager).ToList();
        Assert.Equal(2, MaintenancePlan.Build(members3, workers, noForce).Nodes.Count);

        // Five managers still tolerate one failure while one is out.
        var (_, five, _, members5) = await SwarmAsync(5, 5);
        Assert.Equal(5, MaintenancePlan.Build(members5, five, noForce).Nodes.Count);

        // One manager: out for maintenance means no quorum at all, -Force or not.
        var (_, one, _, members1) = await SwarmAsync(2, 1);
        Assert.Equal(ErrorIds.QuorumAtRisk, Assert.Throws<SwarmToolsException>(() => MaintenancePlan.Build(members1, one, Everything)).ErrorId);
        Assert.Single(MaintenancePlan.Build(members1, one.Skip(1).ToList(), Everything).Nodes);
    }

    [Fact]
    public async Task A_member_down_or_a_manager_unreachable_is_refused_up_front()
    {
        var (_, nodes, _, members) = await SwarmAsync(5, 3);
        Assert.Equal(5, MaintenancePlan.Build(members, nodes, Everything).Nodes.Count); // the control: whole

        var worker = members.First(m => !m.IsManager);
        worker.Status = NodeStatus.Down;
        var e = Assert.Throws<SwarmToolsException>(() => MaintenancePlan.Build(members, nodes.Take(1).ToList(), Everything));
        Assert.Equal(ErrorIds.MaintenanceSwarmNotReady, e.ErrorId);
        Assert.Contains(worker.Hostname + " (Down)", e.Message);

        worker.Status = NodeStatus.Ready;
        var manager = members.First(m => m.IsManager && m.ManagerStatus != ManagerStatus.Leader);
        manager.ManagerStatus = ManagerStatus.Unreachable;
        e = Assert.Throws<SwarmToolsException>(() => MaintenancePlan.Build(members, nodes, Everything));
        Assert.Equal(ErrorIds.MaintenanceSwarmNotReady, e.ErrorId);
        Assert.Contains(manager.Hostname, e.Message);
    }

    [Fact]
    public async Task A_node_that_is_no_member_is_refused()
    {
        var (_, nodes, _, members) = await SwarmAsync(3, 1);
        var stranger = SimulatedNodes.Node(9);
        var e = Assert.Throws<SwarmToolsException>(() => MaintenancePlan.Build(members, nodes.Append(stranger).ToList(), Everything));
        Assert.Equal(ErrorIds.NotASwarmMember, e.ErrorId);
        Assert.Contains("node9", e.Message);
    }

    [Fact]
    public async Task A_rerun_skips_the_nodes_done_and_carries_on_at_the_step_a_node_stopped()
    {
        var (_, nodes, manager, members) = await SwarmAsync(5, 3);
        var first = MaintenancePlan.Build(members, nodes, Everything).Nodes;
        var ct = CancellationToken.None;
        // As a run that failed at the third node's command leaves them: two done, the third drained at "command".
        await manager.SetLabelsAsync(first[0].Member.NodeId, new[] { "swarmtools.maintenance=done" }, Array.Empty<string>(), ct);
        await manager.SetLabelsAsync(first[1].Member.NodeId, new[] { "swarmtools.maintenance=done" }, Array.Empty<string>(), ct);
        await manager.SetLabelsAsync(first[2].Member.NodeId, new[] { "swarmtools.maintenance=command", "swarmtools.maintenance.availability=pause" }, Array.Empty<string>(), ct);
        await manager.SetAvailabilityAsync(first[2].Member.NodeId, NodeAvailability.Drain, ct);

        var again = MaintenancePlan.Build(await manager.MembersAsync(ct), nodes, Everything);

        Assert.Equal(new[] { first[0].Name, first[1].Name }, again.AlreadyDone);
        Assert.Equal(first.Skip(2).Select(n => n.Name), again.Nodes.Select(n => n.Name));
        Assert.Equal(new[] { MaintenanceStep.Command, MaintenanceStep.Reboot, MaintenanceStep.WaitReady, MaintenanceStep.Restore, MaintenanceStep.Verify }, again.Nodes[0].Steps);
        Assert.Equal(NodeAvailability.Pause, again.Nodes[0].RestoreTo); // what it had before, not the drain
        Assert.Equal(6, again.Nodes[1].Steps.Count);

        // Resumed without -Reboot (a step this run does not have): it carries on at the next one it has.
        await manager.SetLabelsAsync(first[2].Member.NodeId, new[] { "swarmtools.maintenance=reboot" }, Array.Empty<string>(), ct);
        var noReboot = MaintenancePlan.Build(await manager.MembersAsync(ct), nodes, new MaintenanceOptions { RunsCommand = true, Force = true });
        Assert.Equal(new[] { MaintenanceStep.Restore, MaintenanceStep.Verify }, noReboot.Nodes[0].Steps);
    }

    [Fact]
    public void The_label_words_name_each_step_and_parse_back()
    {
        foreach (var step in Enum.GetValues<MaintenanceStep>())
        {
            var member = new SwarmMember { Labels = new[] { $"swarmtools.maintenance={MaintenanceLabels.Word(step)}" } };
            Assert.Equal(step, MaintenanceLabels.StoppedAt(member));
            Assert.False(MaintenanceLabels.IsDone(member));
        }
        var done = new SwarmMember { Labels = new[] { "swarmtools.maintenance=done" } };
        Assert.True(MaintenanceLabels.IsDone(done));
        Assert.Null(MaintenanceLabels.StoppedAt(done));
        Assert.Null(MaintenanceLabels.StoppedAt(new SwarmMember()));
    }
}
