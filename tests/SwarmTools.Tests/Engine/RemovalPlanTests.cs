using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// Remove-SwarmNode's decisions, made before anything changes: the order, the batches, when the whole
/// swarm is torn down, and the last manager going last. No host: the members are as a manager lists them.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RemovalPlanTests
{
    /// <summary>A swarm of three managers (m1 leads) and two workers, as `docker node ls` lists it, and its droplets.</summary>
    private static (List<SwarmMember> Members, Dictionary<string, SwarmNode> Nodes) Swarm()
    {
        var members = new List<SwarmMember>();
        var nodes = new Dictionary<string, SwarmNode>();
        var i = 0;
        foreach (var (name, role, status) in new (string, SwarmRole, ManagerStatus?)[]
                 {
                     ("m1", SwarmRole.Manager, ManagerStatus.Leader), ("m2", SwarmRole.Manager, ManagerStatus.Reachable),
                     ("m3", SwarmRole.Manager, ManagerStatus.Reachable), ("w1", SwarmRole.Worker, null), ("w2", SwarmRole.Worker, null),
                 })
        {
            i++;
            members.Add(new SwarmMember { NodeId = "id-" + name, Hostname = name, Role = role, ManagerStatus = status, Address = "10.0.0." + i });
            nodes[name] = new SwarmNode { Id = i, Name = name, PrivateAddress = "10.0.0." + i, PublicAddress = "198.18.0." + i };
        }
        return (members, nodes);
    }

    /// <summary>The nodes named, their roles matched from the members as the removal reads them.</summary>
    private static List<SwarmNode> Given(List<SwarmMember> members, Dictionary<string, SwarmNode> nodes, params string[] names)
    {
        var given = names.Select(n => nodes[n]).ToList();
        foreach (var node in given) SwarmReader.Enrich(node, members);
        return given;
    }

    private static string[] Names(IEnumerable<SwarmNode> nodes) => nodes.Select(n => n.Name).ToArray();

    [Fact]
    public void Workers_go_first_managers_next_and_the_leader_last()
    {
        var (members, nodes) = Swarm();
        var order = RemovalPlan.Order(Given(members, nodes, "m1", "w1", "m2", "w2"), members);

        Assert.Equal(new[] { "w1", "w2", "m2", "m1" }, Names(order.Nodes));
        Assert.False(order.WholeSwarm); // m3 stays
    }

    [Fact]
    public void Every_member_among_the_nodes_is_the_whole_swarm_and_all_confirmed_is_one_teardown()
    {
        var (members, nodes) = Swarm();
        var order = RemovalPlan.Order(Given(members, nodes, "m1", "m2", "m3", "w1", "w2"), members);
        Assert.True(order.WholeSwarm);

        var plan = RemovalPlan.For(order, order.Nodes, dropletOnly: false);

        Assert.True(plan.TearDown);
        Assert.Equal(Names(order.Nodes), Names(plan.Confirmed));
        Assert.False(plan.ForgetInSwarm);
    }

    [Fact]
    public void A_whole_swarm_with_one_node_declined_is_removed_the_safe_way_workers_together_then_each_manager_alone()
    {
        var (members, nodes) = Swarm();
        var order = RemovalPlan.Order(Given(members, nodes, "m1", "m2", "m3", "w1", "w2"), members);
        Assert.True(order.WholeSwarm); // the teardown was on offer: declining is what turns it down

        var plan = RemovalPlan.For(order, order.Nodes.Where(n => n.Name != "m3").ToList(), dropletOnly: false);

        Assert.False(plan.TearDown);
        Assert.Equal(new[] { "w1,w2", "m2", "m1" }, plan.Batches.Select(b => string.Join(",", Names(b))));
    }

    [Fact]
    public void Every_manager_but_not_every_worker_goes_one_at_a_time_with_the_leader_last()
    {
        // The last manager to go ends the swarm only with -Force: SwarmMemberEditor.LeaveAsync asks, on the host.
        var (members, nodes) = Swarm();
        var order = RemovalPlan.Order(Given(members, nodes, "m1", "m3", "m2", "w2"), members);
        Assert.False(order.WholeSwarm); // w1 stays

        var plan = RemovalPlan.For(order, order.Nodes, dropletOnly: false);

        Assert.False(plan.TearDown);
        Assert.Equal(new[] { "w2", "m3", "m2", "m1" }, plan.Batches.Select(b => string.Join(",", Names(b))));
    }

    [Fact]
    public void Without_the_members_the_nodes_go_in_the_order_given_and_never_as_a_teardown()
    {
        var (_, nodes) = Swarm();
        var given = new[] { nodes["m1"], nodes["w1"] }; // roles unknown: nothing matched them
        var order = RemovalPlan.Order(given, null);

        Assert.Equal(new[] { "m1", "w1" }, Names(order.Nodes));
        Assert.False(order.WholeSwarm);
        var plan = RemovalPlan.For(order, order.Nodes, dropletOnly: false);
        Assert.Equal(new[] { "m1", "w1" }, plan.Batches.Select(b => string.Join(",", Names(b)))); // an unknown role goes alone, as a manager would
    }

    [Fact]
    public void DropletOnly_deletes_every_droplet_together_and_then_forgets_the_members_among_them()
    {
        var (_, nodes) = Swarm();
        Assert.False(RemovalPlan.NeedsRoles(new[] { nodes["m1"], nodes["w1"] }, dropletOnly: true));
        Assert.False(RemovalPlan.NeedsRoles(new[] { nodes["m1"] }, dropletOnly: false));
        Assert.True(RemovalPlan.NeedsRoles(new[] { nodes["m1"], nodes["w1"] }, dropletOnly: false));

        var order = RemovalPlan.Order(new[] { nodes["m1"], nodes["w1"] }, null);
        var plan = RemovalPlan.For(order, order.Nodes, dropletOnly: true);
        Assert.Equal(new[] { "m1,w1" }, plan.Batches.Select(b => string.Join(",", Names(b))));
        Assert.True(plan.ForgetInSwarm);

        var declined = RemovalPlan.For(order, Array.Empty<SwarmNode>(), dropletOnly: true);
        Assert.Empty(declined.Batches);
        Assert.False(declined.ForgetInSwarm);
    }
}
