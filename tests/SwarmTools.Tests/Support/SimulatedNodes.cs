using SwarmTools.Engine.Orchestration;
using SwarmTools.Simulation;

namespace SwarmTools.Tests.Support;

/// <summary>
/// Droplets whose hosts are simulated (<see cref="SimulatedCloud"/>): the orchestration reaches them
/// through the connector seam the lab tests cross over real SSH, so swarm logic is checked in
/// seconds, without root. Each node has a public and a VPC address, as a droplet has.
/// </summary>
public sealed class SimulatedNodes
{
    public SimulatedCloud Cloud { get; }
    public RecordingObserver Observer { get; } = new();
    public SshAccess Access { get; }

    /// <param name="times">How long each command takes (null: no time at all).</param>
    public SimulatedNodes(CommandTimes? times = null)
    {
        Cloud = times is null ? new SimulatedCloud() : new SimulatedCloud(times, _ => DateTime.UtcNow, new CommandTrace());
        Access = new SshAccess(null, null, trustOnFirstUse: false, Cloud);
    }

    public static SwarmNode Node(int i) => new()
    {
        Name = $"node{i}",
        Id = 1000 + i,
        Status = DropletStatus.Active,
        PublicAddress = $"203.0.113.{i}",
        PrivateAddress = $"10.10.0.{i}",
        CreatedAt = DateTimeOffset.UtcNow.AddHours(-1),
        DockerVersion = SimulatedHost.EngineVersion,
    };

    public static List<SwarmNode> Nodes(params int[] numbers) => numbers.Select(Node).ToList();

    public SimulatedHost Host(SwarmNode node) => Cloud.Host(node);

    /// <summary>The node's commands, as the cmdlets run them (changes announced to nobody).</summary>
    public async Task<NodeShell> ConnectAsync(SwarmNode node, CancellationToken ct) =>
        new(node, await Cloud.ShellAsync(node, Access, ct), _ => { });

    /// <summary>A formation over the simulated hosts; <paramref name="droplets"/> are the swarm's droplets not on the pipeline.</summary>
    public SwarmFormation Formation(FormationOptions options, IReadOnlyList<SwarmNode>? droplets = null) =>
        new(ConnectAsync, _ => Task.FromResult(droplets ?? (IReadOnlyList<SwarmNode>)Array.Empty<SwarmNode>()), options, Observer, CancellationToken.None);

    /// <summary>Forms a swarm of <paramref name="nodes"/> in that order, as Initialize-Swarm does.</summary>
    public async Task<Swarm> FormAsync(IEnumerable<SwarmNode> nodes, int managers)
    {
        var formation = Formation(new FormationOptions { ManagerCount = managers });
        foreach (var node in nodes) formation.Add(node);
        return await formation.CompleteAsync() ?? throw new InvalidOperationException("No swarm was formed.");
    }

    public SwarmMemberEditor Changes() => new(ConnectAsync, Observer, CancellationToken.None);

    /// <summary>A locator over the given nodes only (no API), as a cmdlet given nodes has; <paramref name="manager"/> is -Manager.</summary>
    public ManagerLocator Locator(SwarmNode? manager = null) => new(manager, null, "swarmtools", ConnectAsync, Observer);
}

/// <summary>What swarm work reported: every message, and the nodes that failed (with their error ids).</summary>
public sealed class RecordingObserver : ISwarmObserver
{
    private readonly object _gate = new();
    public List<string> Verbose { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<(string Node, string ErrorId)> Failed { get; } = new();
    /// <summary>The answer to every -WhatIf/-Confirm question (true: go ahead).</summary>
    public bool Proceed { get; set; } = true;

    void ISwarmObserver.Verbose(string message) { lock (_gate) Verbose.Add(message); }
    void ISwarmObserver.Warning(string message) { lock (_gate) Warnings.Add(message); }
    void ISwarmObserver.Progress(string status) { }
    Task<bool> ISwarmObserver.ShouldProcessAsync(string target, string action) => Task.FromResult(Proceed);
    void ISwarmObserver.NodeFailed(SwarmNode node, SwarmToolsException error) { lock (_gate) Failed.Add((node.Name, error.ErrorId)); }
}
