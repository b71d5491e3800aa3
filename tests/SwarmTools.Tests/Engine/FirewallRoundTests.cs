using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// Rounds of firewall changes on one host during a run (joins arriving together queue their rounds
/// on each member): a round that finds the host already in line with the same members runs nothing.
/// The host is a recording shell below the IRemoteShell seam (the lab tests cross it over SSH).
/// </summary>
[Trait("Category", "Unit")]
public sealed class FirewallRoundTests
{
    private const string OneClick = "Status: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)\n@@rules\n" +
        "### tuple ### limit tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n@@policy\n\n@@docker-user\n@@block\n@@interfaces\neth1 198.19.16.2/20\n@@client\n198.18.0.1 50000 22\n";

    private sealed class RecordingShell : IRemoteShell
    {
        public List<string> Commands { get; } = new();
        public string Address => "198.18.0.2";

        public Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct)
        {
            Commands.Add(command);
            return Task.FromResult(new CommandResult(0, command == HostFirewallState.ReadCommand ? OneClick : "", ""));
        }
    }

    private static (SwarmFirewall Firewall, NodeShell Host, RecordingShell Shell, List<string> Members) Setup()
    {
        var shell = new RecordingShell();
        var host = new NodeShell(new SwarmNode { Name = "node1", Id = 1, PrivateAddress = "198.19.16.2", PublicAddress = "198.18.0.2" }, shell, _ => { });
        var members = new List<string> { "198.19.16.2", "198.19.16.3" };
        return (new SwarmFirewall(() => members.ToList()), host, shell, members);
    }

    private static int Changes(RecordingShell shell) => shell.Commands.Count(c => c != HostFirewallState.ReadCommand);

    [Fact]
    public async Task A_round_with_the_same_members_runs_nothing_and_a_new_member_runs_one_change()
    {
        var (firewall, host, shell, members) = Setup();
        var policy = FirewallPolicy.MembersOnly();

        var first = await firewall.ConvergeAsync(host, isManager: true, policy, CancellationToken.None);
        Assert.False(first.IsEmpty);
        Assert.Equal(1, Changes(shell)); // the first round changed the host: the check below can fail

        var again = await firewall.ConvergeAsync(host, isManager: true, policy, CancellationToken.None);
        Assert.True(again.IsEmpty);
        Assert.Equal(1, Changes(shell));
        Assert.Single(shell.Commands, HostFirewallState.ReadCommand); // read once per run

        members.Add("198.19.16.4");
        var joined = await firewall.ConvergeAsync(host, isManager: true, policy, CancellationToken.None);
        Assert.Equal(2, joined.Add.Count); // tcp and udp from the new member only
        Assert.Equal(2, Changes(shell));
    }

    [Fact]
    public async Task Another_policy_or_role_is_computed_again()
    {
        var (firewall, host, shell, _) = Setup();
        await firewall.ConvergeAsync(host, isManager: true, FirewallPolicy.MembersOnly(), CancellationToken.None);

        var worker = await firewall.ConvergeAsync(host, isManager: false, FirewallPolicy.MembersOnly(), CancellationToken.None);
        Assert.Contains(worker.Add, r => r.To == "7946/tcp"); // a worker: no 2377
        var complete = await firewall.ConvergeAsync(host, isManager: false, new FirewallPolicy(), CancellationToken.None);
        Assert.NotNull(complete.PolicyJson);
        Assert.Equal(3, Changes(shell));
    }
}
