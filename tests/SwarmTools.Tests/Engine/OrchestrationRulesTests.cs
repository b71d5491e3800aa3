using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Tests.Engine;

/// <summary>The rules behind swarm formation that need no host: quorum arithmetic, addresses, state parsing.</summary>
[Trait("Category", "Unit")]
public sealed class OrchestrationRulesTests
{
    [Theory]
    [InlineData(1, 0)] [InlineData(2, 0)] [InlineData(3, 1)] [InlineData(4, 1)]
    [InlineData(5, 2)] [InlineData(6, 2)] [InlineData(7, 3)]
    public void Fault_tolerance_is_half_the_managers_minus_one(int managers, int tolerated) =>
        Assert.Equal(tolerated, Quorum.FaultTolerance(managers));

    [Theory]
    [InlineData(1, true)] [InlineData(3, true)] [InlineData(7, true)]
    [InlineData(2, false)] [InlineData(4, false)] [InlineData(9, false)]
    public void Odd_counts_up_to_seven_are_recommended(int managers, bool recommended) =>
        Assert.Equal(recommended, Quorum.IsRecommended(managers));

    private static SwarmNode Node(string? privateAddress = "10.116.0.5", string? network = "10.116.0.0/20") =>
        new() { Name = "node1", PublicAddress = "165.227.115.157", PrivateAddress = privateAddress, PrivateNetwork = network };

    [Fact]
    public void The_advertise_address_is_the_VPC_address_by_default_never_left_to_Docker()
    {
        Assert.Equal("10.116.0.5", AdvertiseAddress.For(Node(), "Private", isInitializer: true));
        Assert.Equal("165.227.115.157", AdvertiseAddress.For(Node(), "Public", isInitializer: false));
        Assert.Equal("192.0.2.7", AdvertiseAddress.For(Node(), "192.0.2.7", isInitializer: true));
        Assert.Equal("10.116.0.5", AdvertiseAddress.For(Node(), "192.0.2.7", isInitializer: false)); // an explicit IP is the initializer's
        var missing = Assert.Throws<SwarmToolsException>(() => AdvertiseAddress.For(Node(privateAddress: null), "Private", true));
        Assert.Equal("NoAdvertiseAddress", missing.ErrorId);
    }

    [Fact]
    public void A_VPC_inside_Dockers_default_pool_gets_another_overlay_pool()
    {
        Assert.Equal("172.24.0.0/14", AdvertiseAddress.DefaultAddressPool(Node()));
        Assert.Null(AdvertiseAddress.DefaultAddressPool(Node("198.19.16.2", "198.19.16.0/20")));
    }

    [Fact]
    public void Node_state_is_read_from_docker_info_without_side_effects()
    {
        var manager = NodeSwarmState.Parse("""{"NodeID":"abc","NodeAddr":"10.116.0.5","LocalNodeState":"active","ControlAvailable":true,"Error":"","RemoteManagers":[{"NodeID":"abc","Addr":"10.116.0.5:2377"}],"Nodes":3,"Managers":3,"Cluster":{"ID":"xyz"}}""");
        Assert.True(manager.IsActive);
        Assert.True(manager.IsManager);
        Assert.Equal("xyz", manager.ClusterId);
        Assert.Equal(3, manager.Managers);
        Assert.Equal(new[] { "10.116.0.5:2377" }, manager.RemoteManagers);

        // Cluster and ControlAvailable are only set on managers.
        var worker = NodeSwarmState.Parse("""{"NodeID":"def","NodeAddr":"10.116.0.6","LocalNodeState":"active","ControlAvailable":false,"RemoteManagers":[{"NodeID":"abc","Addr":"10.116.0.5:2377"}]}""");
        Assert.False(worker.IsManager);
        Assert.Null(worker.ClusterId);

        Assert.True(NodeSwarmState.Parse("""{"NodeID":"","LocalNodeState":"inactive","ControlAvailable":false,"RemoteManagers":null}""").IsInactive);
    }

    [Theory]
    [InlineData("", LocalNodeState.Inactive)] [InlineData("inactive", LocalNodeState.Inactive)]
    [InlineData("pending", LocalNodeState.Pending)] [InlineData("active", LocalNodeState.Active)]
    [InlineData("error", LocalNodeState.Error)] [InlineData("locked", LocalNodeState.Locked)]
    [InlineData("Active", LocalNodeState.Unknown)] [InlineData("draining", LocalNodeState.Unknown)]
    public void Dockers_local_node_state_is_typed_once_and_an_unknown_one_stays_unknown(string text, LocalNodeState expected)
    {
        var state = NodeSwarmState.Parse($$"""{"NodeID":"","LocalNodeState":"{{text}}","ControlAvailable":false}""");
        Assert.Equal(expected, state.LocalNodeState);
        Assert.Equal(text, state.ReportedState);
        Assert.Equal(expected == LocalNodeState.Active, state.IsActive);
        Assert.Equal(expected == LocalNodeState.Inactive, state.IsInactive);
    }

    [Theory]
    [InlineData("inactive", null)] [InlineData("active", null)]
    [InlineData("pending", "SwarmJoinPending")] [InlineData("locked", "SwarmLocked")] [InlineData("error", "SwarmNodeError")]
    [InlineData("draining", "SwarmNodeError")]
    public void A_node_in_a_state_formation_cannot_use_is_refused_with_its_own_id(string text, string? errorId)
    {
        var state = NodeSwarmState.Parse($$"""{"NodeID":"","LocalNodeState":"{{text}}","ControlAvailable":false,"Error":"boom"}""");
        var refused = Record.Exception(() => SwarmFormation.ThrowIfStuck(Node(), state));
        Assert.Equal(errorId, (refused as SwarmToolsException)?.ErrorId);
        if (text == "draining") Assert.Contains("'draining', which SwarmTools does not know", refused!.Message);
    }

    [Theory]
    [InlineData("new", DropletStatus.New)] [InlineData("active", DropletStatus.Active)]
    [InlineData("off", DropletStatus.Off)] [InlineData("archive", DropletStatus.Archive)]
    [InlineData("", DropletStatus.Unknown)] [InlineData("resizing", DropletStatus.Unknown)]
    public void A_droplets_status_is_typed_once_and_an_unknown_one_is_never_active(string text, DropletStatus expected) =>
        Assert.Equal(expected, SwarmTools.Engine.Nodes.SwarmNodeMapping.StatusOf(text));

    [Fact]
    public void A_join_token_never_prints_itself()
    {
        var token = new JoinToken("SWMTKN-1-not-a-real-token");
        Assert.Equal("***", token.ToString());
        Assert.Equal("rpc error: *** is invalid", token.Scrub("rpc error: SWMTKN-1-not-a-real-token is invalid"));
    }
}
