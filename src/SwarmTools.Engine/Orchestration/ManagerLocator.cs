using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// Where every cmdlet that works through a manager finds one, and the swarm's droplets: the
/// manager the user named (-Manager), else one among the nodes given, else among the active
/// droplets under the swarm tag.
/// </summary>
public sealed class ManagerLocator
{
    private readonly SwarmNode? _manager;
    private readonly DigitalOceanClient? _api;
    private readonly string _swarmTag;
    private readonly Func<SwarmNode, CancellationToken, Task<NodeShell>> _connect;
    private readonly ISwarmObserver _observer;
    private readonly TimeSpan _reach;

    /// <param name="manager">-Manager: when given, the only candidate.</param>
    /// <param name="api">Null: the tag's droplets are not searched (no token, or the nodes given are the swarm).</param>
    /// <param name="reach">
    /// How long a candidate gets to answer (default <see cref="NodeReach.Member"/>): a manager is a node
    /// that is up, so a droplet that never answered (never booted, or dead) is not waited for as a booting one.
    /// </param>
    public ManagerLocator(SwarmNode? manager, DigitalOceanClient? api, string swarmTag,
        Func<SwarmNode, CancellationToken, Task<NodeShell>> connect, ISwarmObserver observer, TimeSpan? reach = null)
    {
        _manager = manager;
        _api = api;
        _swarmTag = swarmTag;
        _connect = connect;
        _observer = observer;
        _reach = reach ?? NodeReach.Member;
    }

    /// <summary>The active droplets under the swarm tag, by name; none without an API client.</summary>
    public async Task<List<SwarmNode>> TaggedAsync(CancellationToken ct) =>
        _api is null ? new List<SwarmNode>()
            : (await _api.Droplets.ListByTagAsync(_swarmTag, ct).ConfigureAwait(false))
                .Where(d => d.IsActive).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Select(d => d.ToSwarmNode()).ToList();

    /// <summary>The droplets a cmdlet works on: those it was given (once each) and, to find every member, the tagged ones; by name.</summary>
    public async Task<List<SwarmNode>> DropletsAsync(IEnumerable<SwarmNode> given, CancellationToken ct)
    {
        var nodes = Distinct(given);
        if (_api is null) return nodes;
        var tagged = await TaggedAsync(ct).ConfigureAwait(false);
        return nodes.Concat(tagged.Where(t => nodes.All(n => n.Id != t.Id))).OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// A manager other than <paramref name="except"/>: -Manager, else the first that answers as a
    /// manager among <paramref name="given"/> and the tagged droplets. NoManagerFound when none does.
    /// </summary>
    public async Task<NodeShell> FindAsync(IEnumerable<SwarmNode> given, SwarmNode? except, CancellationToken ct)
    {
        List<SwarmNode> candidates;
        if (_manager != null) candidates = new List<SwarmNode> { _manager };
        else
        {
            candidates = Distinct(given);
            if (_api != null) candidates.AddRange((await TaggedAsync(ct).ConfigureAwait(false)).Where(t => candidates.All(c => c.Id != t.Id)));
        }
        return await FirstManagerAsync(candidates, except, ct).ConfigureAwait(false);
    }

    /// <summary>A manager other than <paramref name="except"/> among the swarm's droplets (-Manager, else the tagged ones).</summary>
    public Task<NodeShell> FindAsync(SwarmNode? except, CancellationToken ct) => FindAsync(Array.Empty<SwarmNode>(), except, ct);

    /// <summary>
    /// All candidates are asked at once and the first that answers as a manager is taken, so a
    /// dead member costs nothing while another manager lives. Those that could not be reached are
    /// named on the verbose stream.
    /// </summary>
    private async Task<NodeShell> FirstManagerAsync(IEnumerable<SwarmNode> candidates, SwarmNode? except, CancellationToken ct)
    {
        using var found = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pending = candidates.Where(c => except is null || c.Id != except.Id).Select(c => ProbeAsync(c, found.Token)).ToList();
        try
        {
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                if (await done.ConfigureAwait(false) is NodeShell manager) return manager;
            }
        }
        finally
        {
            found.Cancel(); // the probes still running are not needed any more
        }
        ct.ThrowIfCancellationRequested();
        throw new NoManagerFoundException(_manager is null
            ? $"No reachable manager of the swarm was found{(except is null ? "" : " other than " + except.Name)}. Pass one with -Manager."
            : $"{_manager.Name}, given with -Manager, did not answer as a manager of the swarm{(except is null ? "" : " other than " + except.Name)}. Pass another with -Manager, or leave it out to search the swarm tag's droplets.",
            except?.Name ?? _manager?.Name);
    }

    /// <summary>The candidate's host when it is a manager; null when it is not, or cannot be reached. A host key mismatch is never taken for "unreachable".</summary>
    private async Task<NodeShell?> ProbeAsync(SwarmNode candidate, CancellationToken ct)
    {
        try
        {
            // The connection and the two questions share the bound: a session kept from earlier may lead to a host that died since.
            return await NodeReach.WithinAsync(candidate, _reach, async c =>
            {
                var host = await _connect(candidate, c).ConfigureAwait(false);
                var state = await host.StateAsync(c).ConfigureAwait(false);
                if (!state.IsActive || !state.IsManager) return null;
                // Just after a demotion docker info still says "manager" while the node's control
                // socket is gone: only a node that answers a manager's question is taken.
                await host.MembersAsync(c).ConfigureAwait(false);
                return host;
            }, e => e.Kind != FailureKind.Security,
                e => $"no answer within {_reach.TotalSeconds:0} s ({e.Message})", ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { return null; }
        catch (SwarmToolsException e) when (e.Kind != FailureKind.Security)
        {
            _observer.Verbose($"{candidate.Name} ({candidate.PublicAddress}) did not answer as a manager: {e.Message}");
            return null;
        }
    }

    private static List<SwarmNode> Distinct(IEnumerable<SwarmNode> nodes) => nodes.GroupBy(n => n.Id).Select(g => g.First()).ToList();
}
