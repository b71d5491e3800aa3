using System.Collections.Concurrent;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Simulation;

/// <summary>
/// The simulated hosts of API-only droplets, reached the way the module reaches real ones: one
/// connection per host, opened by at most <see cref="SshSessionPool.DefaultParallelConnects"/>
/// handshakes at once, retried while sshd is not up with the module's own pacing (initial delay
/// doubling to its maximum, at most 5 attempts in 30 s), exactly as SshSessionPool and
/// SshConnector do. A host's clock starts when its droplet turned active: its create request plus
/// the sandbox's boot time. It is the connector the orchestration reaches them through.
/// </summary>
public sealed class SimulatedCloud(CommandTimes times, Func<long, DateTime> activeAt, CommandTrace trace) : INodeConnector
{
    /// <summary>Hosts that are up as soon as they are reached and answer at once: the unit tests' cloud.</summary>
    public SimulatedCloud() : this(CommandTimes.Instant, _ => DateTime.UtcNow, new CommandTrace()) { }

    /// <summary>Every command run on every host, and every connection.</summary>
    public CommandTrace Trace => trace;

    private readonly ConcurrentDictionary<long, Lazy<SimulatedHost>> _hosts = new();
    private readonly ConcurrentDictionary<long, Lazy<Task>> _connections = new();
    private readonly ConcurrentDictionary<string, SimulatedHost> _advertised = new();
    private readonly SemaphoreSlim _connectSlots = new(SshSessionPool.DefaultParallelConnects);
    private int _swarms;

    /// <summary>Where the module's connections come from, as the hosts see it.</summary>
    public string ClientAddress => "198.18.0.1";

    public IReadOnlyList<SimulatedHost> Hosts => _hosts.Values.Select(h => h.Value).ToList();

    /// <summary>Stands in for the node's SSH session.</summary>
    public async Task<IRemoteShell> ShellAsync(SwarmNode node, SshAccess access, CancellationToken ct)
    {
        var asked = DateTime.UtcNow;
        var host = Host(node);
        await _connections.GetOrAdd(node.Id, _ => new Lazy<Task>(() => ConnectAsync(host))).Value.WaitAsync(ct);
        trace.Add(new TracedConnect(node.Name, asked, DateTime.UtcNow));
        return new TracingShell(host, node.Name, trace);
    }

    /// <summary>
    /// Stands in for the host key rotation over SSH: a node created with its call's shared key gets one of its own, which takes the lab's measured time
    /// and one more connection (the fresh one that checks the new key), in a handshake slot.
    /// </summary>
    public async Task<string> OwnHostKeyAsync(SwarmNode node, SshAccess access, CancellationToken ct)
    {
        var host = _hosts[node.Id].Value;
        if (node.HostKeyFingerprint is null) return host.HostKeyFingerprint;
        var start = DateTime.UtcNow;
        await Task.Delay(times.HostKey.For(0) - times.Handshake.For(0), ct);
        await _connectSlots.WaitAsync(ct);
        try { await Task.Delay(times.Handshake.For(0), ct); }
        finally { _connectSlots.Release(); }
        Interlocked.Increment(ref host.Connections);
        trace.Add(new TracedCommand(node.Name, CommandKind.HostKey, start, DateTime.UtcNow, 0, 0, null));
        return host.HostKeyFingerprint;
    }

    private async Task ConnectAsync(SimulatedHost host)
    {
        var pacing = NodeConnections.ConnectPacing;
        await _connectSlots.WaitAsync();
        try
        {
            var starts = new Queue<DateTime>();
            var delay = pacing.InitialRetryDelay;
            while (true)
            {
                var now = DateTime.UtcNow;
                starts.Enqueue(now);
                if (now >= host.SshdUp)
                {
                    await Task.Delay(times.Handshake.For(0));
                    Interlocked.Increment(ref host.Connections);
                    return;
                }
                // Refused: sshd is not listening yet.
                var pause = delay;
                while (starts.Count > 0 && DateTime.UtcNow - starts.Peek() >= SshConnector.AttemptWindow) starts.Dequeue();
                if (starts.Count >= SshConnector.MaxAttemptsPerWindow)
                {
                    var windowWait = starts.Peek() + SshConnector.AttemptWindow - DateTime.UtcNow;
                    if (windowWait > pause) pause = windowWait;
                }
                await Task.Delay(pause);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, pacing.MaxRetryDelay.Ticks));
            }
        }
        finally { _connectSlots.Release(); }
    }

    /// <summary>The host of <paramref name="node"/> (made when first asked for: its droplet exists).</summary>
    public SimulatedHost Host(SwarmNode node) =>
        _hosts.GetOrAdd(node.Id, _ => new Lazy<SimulatedHost>(() => new SimulatedHost(node, activeAt(node.Id), times, this))).Value;

    public SimulatedSwarm NewSwarm() => new($"{Interlocked.Increment(ref _swarms):x4}simcluster{Guid.NewGuid():N}"[..25]);

    /// <summary>A host advertises this address to its swarm (joining nodes dial it).</summary>
    public void Advertised(SimulatedHost host, string address) => _advertised[address] = host;

    public SimulatedHost? AdvertisingHost(string address) => _advertised.TryGetValue(address, out var h) ? h : null;

    private readonly List<string> _changes = new();

    /// <summary>Every change on any host, in the order the hosts made them, as "host: command" (never a join's stdin).</summary>
    public IReadOnlyList<string> Changes { get { lock (_changes) return _changes.ToList(); } }

    internal void Changed(string host, string change) { lock (_changes) _changes.Add($"{host}: {change}"); }

    /// <summary>Forgets every host (the droplets are gone); addresses are handed out again.</summary>
    public void Clear()
    {
        _hosts.Clear();
        _connections.Clear();
        _advertised.Clear();
    }
}
