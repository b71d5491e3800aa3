using SwarmTools.Engine.Backup;
using SwarmTools.Engine.Secrets;

namespace SwarmTools.Tests.Engine;

/// <summary>Which manager Backup-Swarm pauses, and when it refuses: Raft arithmetic on the members a manager reports.</summary>
[Trait("Category", "Unit")]
public sealed class BackupChoiceTests
{
    private static SwarmMember Manager(string name, ManagerStatus status, NodeStatus state = NodeStatus.Ready) =>
        new() { Hostname = name, NodeId = name + "-id", Role = SwarmRole.Manager, Status = state, ManagerStatus = status, Address = "10.0.0." + name[^1] };

    private static SwarmNode Droplet(string name) => new() { Name = name, Id = name[^1], PrivateAddress = "10.0.0." + name[^1] };

    private static readonly SwarmNode[] Droplets = { Droplet("m1"), Droplet("m2"), Droplet("m3") };

    [Fact]
    public void Three_managers_pause_a_follower_never_the_leader()
    {
        var choice = BackupChoice.Choose(new[] { Manager("m1", ManagerStatus.Leader), Manager("m2", ManagerStatus.Reachable), Manager("m3", ManagerStatus.Reachable) }, Droplets, force: false);

        Assert.Equal("m2", choice.Member.Hostname);
        Assert.Equal("m2", choice.Node.Name);
        Assert.Null(choice.Warning);
    }

    [Fact]
    public void A_pause_that_would_lose_quorum_is_refused_unless_forced()
    {
        var members = new[] { Manager("m1", ManagerStatus.Leader), Manager("m2", ManagerStatus.Reachable), Manager("m3", ManagerStatus.Unreachable, NodeStatus.Down) };

        var refused = Assert.Throws<SwarmToolsException>(() => BackupChoice.Choose(members, Droplets, force: false));
        Assert.Equal(ErrorIds.BackupWouldLoseQuorum, refused.ErrorId);
        Assert.Contains("quorum of 2", refused.Message);
        var forced = BackupChoice.Choose(members, Droplets, force: true);
        Assert.Equal("m2", forced.Member.Hostname);
        Assert.Contains("control plane pauses", forced.Warning);
    }

    [Fact]
    public void A_lone_manager_needs_Force_and_is_warned_about()
    {
        var members = new[] { Manager("m1", ManagerStatus.Leader), new SwarmMember { Hostname = "w1", Role = SwarmRole.Worker, Status = NodeStatus.Ready } };

        var refused = Assert.Throws<SwarmToolsException>(() => BackupChoice.Choose(members, Droplets, force: false));
        Assert.Equal(ErrorIds.BackupWouldLoseQuorum, refused.ErrorId);
        Assert.Contains("only manager", refused.Message);
        var forced = BackupChoice.Choose(members, Droplets, force: true);
        Assert.Equal("m1", forced.Member.Hostname);
        Assert.Contains("control plane pauses while Docker is stopped on m1", forced.Warning);
    }

    [Fact]
    public void A_follower_whose_droplet_is_unknown_is_named()
    {
        var members = new[] { Manager("m1", ManagerStatus.Leader), Manager("m2", ManagerStatus.Reachable), Manager("m3", ManagerStatus.Reachable) };

        var e = Assert.Throws<SwarmToolsException>(() => BackupChoice.Choose(members, new[] { Droplet("m1") }, force: false));

        Assert.Equal(ErrorIds.BackupManagerUnknown, e.ErrorId);
        Assert.Contains("m2 at 10.0.0.2", e.Message);
    }

    [Theory]
    [InlineData("db_password", true)]
    [InlineData("a", true)]
    [InlineData("site.key-2", true)]
    [InlineData("-lead", false)]
    [InlineData("trail_", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    public void Secret_names_are_checked_as_Docker_does(string name, bool valid)
    {
        var e = Record.Exception(() => SwarmSecrets.CheckName(name));
        Assert.Equal(valid, e is null);
        if (!valid) Assert.Equal(ErrorIds.SecretNameInvalid, Assert.IsType<SwarmToolsException>(e).ErrorId);
        Assert.Throws<SwarmToolsException>(() => SwarmSecrets.CheckName(new string('a', 65)));
    }

    [Fact]
    public void A_secret_value_is_sent_as_the_base64_of_its_UTF8_bytes()
    {
        var value = new System.Security.SecureString();
        foreach (var c in "pässword\n") value.AppendChar(c);

        var encoded = SecretValue.Encode(value);

        Assert.Equal("pässword\n", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
        Assert.Equal("AAEC/w==", SecretValue.Encode(new byte[] { 0, 1, 2, 255 }));
    }
}
