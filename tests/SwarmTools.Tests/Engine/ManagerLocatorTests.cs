using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// Where a cmdlet finds a manager (-Manager, else the nodes given, else the tag's droplets) and how a
/// node is reached within a deadline, on scripted hosts below the IRemoteShell seam (the lab tests
/// cross it over SSH).
/// </summary>
[Trait("Category", "Unit")]
public sealed class ManagerLocatorTests
{
    private const string ManagerInfo = "{\"LocalNodeState\":\"active\",\"ControlAvailable\":true,\"NodeID\":\"m\"}";
    private const string WorkerInfo = "{\"LocalNodeState\":\"active\",\"ControlAvailable\":false,\"NodeID\":\"w\"}";

    /// <summary>Answers docker info as a manager or a worker, and docker node ls with no member.</summary>
    private sealed class ScriptedShell : IRemoteShell
    {
        private readonly string _info;
        public ScriptedShell(string info) => _info = info;
        public string Address => "198.18.0.2";
        public Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct) =>
            Task.FromResult(new CommandResult(0, command.StartsWith("docker info", StringComparison.Ordinal) ? _info : "", ""));
    }

    private sealed class Observer : ISwarmObserver
    {
        public List<string> Verbose { get; } = new();
        void ISwarmObserver.Verbose(string message) { lock (Verbose) Verbose.Add(message); }
        public void Warning(string message) { }
        public void Progress(string status) { }
        public Task<bool> ShouldProcessAsync(string target, string action) => Task.FromResult(true);
        public void NodeFailed(SwarmNode node, SwarmToolsException error) { }
    }

    private static SwarmNode Node(long id, string name) => new() { Id = id, Name = name, PublicAddress = "198.18.0." + id };

    /// <summary>Hosts by name: "m*" are managers, "w*" workers, "dead*" refuse the connection. Every connection is recorded.</summary>
    private static (Func<SwarmNode, CancellationToken, Task<NodeShell>> Connect, List<string> Asked) Hosts()
    {
        var asked = new List<string>();
        Task<NodeShell> Connect(SwarmNode node, CancellationToken ct)
        {
            lock (asked) asked.Add(node.Name);
            if (node.Name.StartsWith("dead", StringComparison.Ordinal))
                throw new SwarmToolsException(ErrorIds.SshConnectFailed, FailureKind.Connection, $"{node.Name} refused the connection.", node.Name);
            return Task.FromResult(new NodeShell(node, new ScriptedShell(node.Name.StartsWith("m", StringComparison.Ordinal) ? ManagerInfo : WorkerInfo), _ => { }));
        }
        return (Connect, asked);
    }

    [Fact]
    public async Task Without_Manager_the_first_manager_among_the_nodes_given_is_taken_and_the_dead_one_is_named()
    {
        var (connect, asked) = Hosts();
        var observer = new Observer();
        var locator = new ManagerLocator(null, null, "swarmtools", connect, observer);

        var manager = await locator.FindAsync(new[] { Node(1, "dead1"), Node(2, "w1"), Node(3, "m1") }, null, CancellationToken.None);

        Assert.Equal("m1", manager.Name);
        Assert.Contains("dead1", asked); // it was asked: the message below is about a real probe
        Assert.Contains(observer.Verbose, v => v.StartsWith("dead1 (198.18.0.1) did not answer as a manager", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_candidate_that_never_answers_costs_the_reach_bound_not_a_boot_wait()
    {
        var (connect, asked) = Hosts();
        var observer = new Observer();
        // "silent" hangs until cancelled, as a droplet that never booted (SSH would wait minutes for a booting one).
        Task<NodeShell> Silent(SwarmNode node, CancellationToken ct) =>
            node.Name == "silent" ? Task.Delay(Timeout.Infinite, ct).ContinueWith<NodeShell>(_ => throw new OperationCanceledException(ct), TaskScheduler.Default) : connect(node, ct);
        var locator = new ManagerLocator(null, null, "swarmtools", Silent, observer, reach: TimeSpan.FromMilliseconds(300));


        // Without the bound the search would last until this token: a cancellation, not NoManagerFound.
        using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<NoManagerFoundException>(() => locator.FindAsync(new[] { Node(5, "silent"), Node(2, "w1") }, null, stall.Token));

        Assert.Equal(ErrorIds.NoManagerFound, e.ErrorId);
        Assert.Contains(observer.Verbose, v => v.StartsWith("silent (198.18.0.5) did not answer as a manager: no answer within 0 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Manager_is_the_only_candidate_and_one_that_does_not_manage_is_NoManagerFound_naming_it()
    {
        var (connect, asked) = Hosts();
        var locator = new ManagerLocator(Node(4, "w4"), null, "swarmtools", connect, new Observer());

        var e = await Assert.ThrowsAsync<NoManagerFoundException>(() => locator.FindAsync(new[] { Node(3, "m1") }, null, CancellationToken.None));

        Assert.Equal(new[] { "w4" }, asked); // m1, a manager among the nodes given, was never asked
        Assert.Equal(ErrorIds.NoManagerFound, e.ErrorId);
        Assert.StartsWith("w4, given with -Manager, did not answer as a manager", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_excepted_is_never_asked_and_when_no_other_manages_the_error_says_so()
    {
        var (connect, asked) = Hosts();
        var locator = new ManagerLocator(null, null, "swarmtools", connect, new Observer());

        var found = await locator.FindAsync(new[] { Node(3, "m1"), Node(5, "m2") }, Node(3, "m1"), CancellationToken.None);
        Assert.Equal("m2", found.Name);
        Assert.Contains("m2", asked); // the scan below has a positive control
        Assert.DoesNotContain("m1", asked);

        var e = await Assert.ThrowsAsync<NoManagerFoundException>(() => locator.FindAsync(new[] { Node(3, "m1"), Node(2, "w1") }, Node(3, "m1"), CancellationToken.None));
        Assert.Equal("No reachable manager of the swarm was found other than m1. Pass one with -Manager.", e.Message);
    }

    [Fact]
    public async Task Without_an_API_client_the_droplets_are_the_nodes_given_once_each()
    {
        var (connect, _) = Hosts();
        var locator = new ManagerLocator(null, null, "swarmtools", connect, new Observer());

        var droplets = await locator.DropletsAsync(new[] { Node(2, "w1"), Node(3, "m1"), Node(2, "w1") }, CancellationToken.None);

        Assert.Equal(new[] { "w1", "m1" }, droplets.Select(d => d.Name));
        Assert.Empty(await locator.TaggedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_node_that_does_not_answer_within_the_deadline_is_NodeUnreachable_and_a_host_key_mismatch_stays_itself()
    {
        var node = Node(6, "slow");
        static async Task<NodeShell> Hang(SwarmNode n, CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("not reached");
        }
        var slow = await Assert.ThrowsAsync<SwarmToolsException>(() => NodeReach.ConnectWithinAsync(Hang, node, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(ErrorIds.NodeUnreachable, slow.ErrorId);
        Assert.StartsWith("slow (198.18.0.6) could not be reached over SSH within 0 s", slow.Message, StringComparison.Ordinal);

        var mismatch = new SwarmToolsException(ErrorIds.HostKeyMismatch, FailureKind.Security, "the host key changed", node.Name);
        var kept = await Assert.ThrowsAsync<SwarmToolsException>(() => NodeReach.ConnectWithinAsync((_, _) => throw mismatch, node, NodeReach.Member, CancellationToken.None));
        Assert.Same(mismatch, kept);

        // Ctrl+C is not "unreachable": it stays a cancellation.
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NodeReach.ConnectWithinAsync(Hang, node, NodeReach.Member, stop.Token));
    }
}
