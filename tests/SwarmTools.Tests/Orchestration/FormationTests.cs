using SwarmTools.Engine.Orchestration;
using SwarmTools.Simulation;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Orchestration;

/// <summary>
/// Forming a swarm on simulated hosts (below the connector seam; SwarmFormationTests in Lab is the
/// real-world proof): manager slots go to the first nodes to arrive, an existing swarm is adopted
/// rather than a second one started, and nodes stuck in Docker are named, not joined.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FormationTests
{
    [Fact]
    public async Task Manager_slots_go_to_the_first_nodes_in_arrival_order()
    {
        var sim = new SimulatedNodes();
        var swarm = await sim.FormAsync(SimulatedNodes.Nodes(3, 1, 5, 2, 4), managers: 3);

        Assert.Equal(5, swarm.Members.Length);
        Assert.Equal(new[] { "node1", "node3", "node5" }, swarm.Managers.OrderBy(n => n));
        Assert.Equal("node3", swarm.Leader);
        Assert.Empty(sim.Observer.Failed);
        // Exactly one init, on the first node to arrive.
        Assert.Single(sim.Cloud.Changes, c => c.Contains("docker swarm init", StringComparison.Ordinal));
        Assert.StartsWith("node3: docker swarm init", sim.Cloud.Changes.First(c => c.Contains("init", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Managers_join_one_at_a_time_and_workers_alongside()
    {
        // Joins take a while here, so joins running at once overlap.
        var sim = new SimulatedNodes(CommandTimes.Instant with { Join = new Cost(1) });
        await sim.FormAsync(SimulatedNodes.Nodes(1, 2, 3, 4, 5), managers: 3);

        var joins = sim.Cloud.Trace.Commands.Where(c => c.Kind == CommandKind.Join && c.ExitCode == 0).ToList();
        Assert.Equal(4, joins.Count);
        static bool Overlap(TracedCommand a, TracedCommand b) => a.Start < b.End && b.Start < a.End;
        var managers = joins.Where(j => j.Node is "node2" or "node3").ToList();
        Assert.Equal(2, managers.Count);
        Assert.False(Overlap(managers[0], managers[1]), "two managers joined at once");
        // The control: the workers' joins do overlap (so an overlap would be seen).
        var workers = joins.Where(j => j.Node is "node4" or "node5").ToList();
        Assert.True(Overlap(workers[0], workers[1]), string.Join("; ", sim.Cloud.Trace.Commands.Select(c => $"{c.Node} {c.Kind} {c.Start:ss.fff}-{c.End:ss.fff}")));
    }

    [Fact]
    public async Task Fewer_nodes_than_managers_asked_for_gives_a_warning_not_an_error()
    {
        var sim = new SimulatedNodes();
        var swarm = await sim.FormAsync(SimulatedNodes.Nodes(1, 2), managers: 3);

        Assert.Equal(2, swarm.Managers.Length);
        Assert.Contains(sim.Observer.Warnings, w => w.Contains("not the 3 asked for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rerun_adopts_the_swarm_and_changes_nothing()
    {
        var sim = new SimulatedNodes();
        var nodes = SimulatedNodes.Nodes(1, 2, 3);
        var first = await sim.FormAsync(nodes, managers: 1);
        var changes = sim.Cloud.Changes.Count;
        Assert.True(changes > 0);

        var again = await sim.FormAsync(nodes, managers: 1);

        Assert.Equal(first.ClusterId, again.ClusterId);
        Assert.Equal(changes, sim.Cloud.Changes.Count);
        Assert.Contains(sim.Observer.Verbose, v => v.StartsWith("node1 is already a manager of swarm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_node_joins_the_swarm_its_manager_leads()
    {
        var sim = new SimulatedNodes();
        var nodes = SimulatedNodes.Nodes(1, 2);
        var formed = await sim.FormAsync(nodes, managers: 1);

        var formation = sim.Formation(new FormationOptions { Role = SwarmRole.Worker, FollowSwarm = true });
        formation.JoinThrough(nodes[0]);
        formation.Add(SimulatedNodes.Node(3));
        var swarm = await formation.CompleteAsync();

        Assert.Equal(formed.ClusterId, swarm!.ClusterId);
        Assert.Contains("node3", swarm.Workers);
        Assert.Single(sim.Cloud.Changes, c => c.Contains("docker swarm init", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Joining_through_a_worker_is_refused_with_NotAManager()
    {
        var sim = new SimulatedNodes();
        var nodes = SimulatedNodes.Nodes(1, 2);
        await sim.FormAsync(nodes, managers: 1);

        var formation = sim.Formation(new FormationOptions { Role = SwarmRole.Worker });
        formation.JoinThrough(nodes[1]);
        formation.Add(SimulatedNodes.Node(3));
        var e = await Assert.ThrowsAsync<SwarmToolsException>(formation.CompleteAsync);

        Assert.Equal(ErrorIds.NotAManager, e.ErrorId);
        Assert.Null(sim.Host(SimulatedNodes.Node(3)).Swarm);
    }

    [Fact]
    public async Task A_worker_of_another_swarm_first_on_the_pipeline_needs_a_manager()
    {
        var sim = new SimulatedNodes();
        await sim.FormAsync(SimulatedNodes.Nodes(1, 2), managers: 1);

        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => sim.FormAsync(SimulatedNodes.Nodes(2, 3), managers: 1));

        Assert.Equal(ErrorIds.ManagerNeeded, e.ErrorId);
        Assert.Null(sim.Host(SimulatedNodes.Node(3)).Swarm);
    }

    [Fact]
    public async Task A_member_of_another_swarm_is_named_and_never_moved()
    {
        var sim = new SimulatedNodes();
        await sim.FormAsync(SimulatedNodes.Nodes(1, 2), managers: 1);
        var other = sim.Host(SimulatedNodes.Node(2)).Swarm;

        var swarm = await sim.FormAsync(SimulatedNodes.Nodes(3, 2, 4), managers: 1);

        Assert.Contains(("node2", ErrorIds.NodeInAnotherSwarm), sim.Observer.Failed);
        Assert.Same(other, sim.Host(SimulatedNodes.Node(2)).Swarm);
        Assert.Equal(new[] { "node3", "node4" }, swarm.Members.Select(m => m.Hostname).OrderBy(n => n));
    }

    [Theory]
    [InlineData("locked", ErrorIds.SwarmLocked)]
    [InlineData("error", ErrorIds.SwarmNodeError)]
    public async Task A_stuck_later_node_is_named_and_the_others_join(string state, string errorId)
    {
        var sim = new SimulatedNodes();
        sim.Host(SimulatedNodes.Node(2)).StuckState = state;

        var swarm = await sim.FormAsync(SimulatedNodes.Nodes(1, 2, 3), managers: 1);

        Assert.Contains(("node2", errorId), sim.Observer.Failed);
        Assert.Equal(new[] { "node1", "node3" }, swarm.Members.Select(m => m.Hostname).OrderBy(n => n));
        Assert.DoesNotContain(sim.Cloud.Changes, c => c.StartsWith("node2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stuck_first_node_stops_the_formation_before_any_change()
    {
        var sim = new SimulatedNodes();
        sim.Host(SimulatedNodes.Node(1)).StuckState = "locked";

        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => sim.FormAsync(SimulatedNodes.Nodes(1, 2), managers: 1));

        Assert.Equal(ErrorIds.SwarmLocked, e.ErrorId);
        Assert.Empty(sim.Cloud.Changes);
    }

    [Fact]
    public async Task A_pending_node_is_given_time_to_settle_before_it_is_called_stuck()
    {
        var sim = new SimulatedNodes();
        var host = sim.Host(SimulatedNodes.Node(2));
        host.StuckState = "pending";
        _ = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => host.StuckState = null);

        var swarm = await sim.FormAsync(SimulatedNodes.Nodes(1, 2), managers: 1);

        Assert.Empty(sim.Observer.Failed);
        Assert.Contains("node2", swarm.Workers);
    }

    [Fact]
    public async Task WhatIf_changes_nothing_on_any_host()
    {
        var sim = new SimulatedNodes();
        sim.Observer.Proceed = false;
        var formation = sim.Formation(new FormationOptions { ManagerCount = 1 });
        foreach (var node in SimulatedNodes.Nodes(1, 2)) formation.Add(node);

        Assert.Null(await formation.CompleteAsync());
        Assert.Empty(sim.Cloud.Changes);
        // The positive control: the same formation, confirmed, changes the hosts.
        sim.Observer.Proceed = true;
        await sim.FormAsync(SimulatedNodes.Nodes(1, 2), managers: 1);
        Assert.NotEmpty(sim.Cloud.Changes);
    }
}
