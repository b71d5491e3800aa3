using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// Forms a swarm from nodes as they arrive: the first node (or a given manager) initializes
/// or is adopted at once, and every later node is read, decided on in arrival order, then
/// joined — workers in parallel, managers one at a time, each confirmed Reachable before the
/// next. State-based: a node already in this swarm is left alone, so a re-run changes nothing.
/// Before a node joins, the firewalls are brought in step: it allows the members and every
/// member allows it (see <see cref="SwarmFirewall"/>).
/// </summary>
public sealed class SwarmFormation
{
    private const int PendingGrace = 30; // seconds
    private readonly Func<SwarmNode, CancellationToken, Task<NodeShell>> _connect;
    private readonly Func<CancellationToken, Task<IReadOnlyList<SwarmNode>>> _swarmDroplets;
    private readonly FormationOptions _options;
    private readonly ISwarmObserver _observer;
    private readonly CancellationToken _ct;
    private readonly object _gate = new object();
    private readonly List<SwarmNode> _nodes = new List<SwarmNode>();
    private readonly List<Task> _work = new List<Task>();
    private Task<EstablishedSwarm?>? _leader;
    private Task _decisions = Task.CompletedTask;
    private Task _managerJoins = Task.CompletedTask;
    private int _managers;
    private readonly List<string> _done = new List<string>();
    private readonly SwarmFirewall _firewall;
    private readonly HashSet<string> _addresses = new HashSet<string>();
    private readonly Dictionary<long, (NodeShell Host, bool IsManager)> _memberHosts = new Dictionary<long, (NodeShell, bool)>();
    private Task? _otherMembers;
    private readonly List<string> _unreachableManagers = new List<string>();
    private readonly SwarmInits? _inits;

    /// <summary>What was changed so far, for a report when the work is stopped half-way.</summary>
    public IReadOnlyList<string> Done { get { lock (_done) return _done.ToList(); } }

    private void Record(string what)
    {
        lock (_done) _done.Add(what);
    }

    /// <param name="swarmDroplets">Droplets that may be members not on the pipeline (their firewalls must admit new nodes too).</param>
    /// <param name="inits">Where the inits this machine began are kept (null: none are kept or looked for).</param>
    public SwarmFormation(Func<SwarmNode, CancellationToken, Task<NodeShell>> connect, Func<CancellationToken, Task<IReadOnlyList<SwarmNode>>> swarmDroplets,
        FormationOptions options, ISwarmObserver observer, CancellationToken ct, SwarmInits? inits = null)
    {
        _inits = inits;
        _connect = connect;
        _swarmDroplets = swarmDroplets;
        _firewall = new SwarmFirewall(() => { lock (_gate) return _addresses.ToList(); });
        _options = options;
        _observer = observer;
        _ct = ct;
    }

    /// <summary>Initializes on <paramref name="manager"/> (or adopts it if it already manages a swarm) instead of the first node.</summary>
    public void StartWith(SwarmNode manager)
    {
        lock (_gate)
        {
            _nodes.Add(manager);
            _leader = Task.Run(() => EstablishAsync(manager, lookForEarlierInit: false));
        }
    }

    /// <summary>Joins the swarm that <paramref name="manager"/> manages (Join-SwarmNode).</summary>
    public void JoinThrough(SwarmNode manager)
    {
        lock (_gate)
        {
            _nodes.Add(manager);
            _leader = Task.Run(() => AdoptAsync(manager));
        }
    }

    /// <summary>Called on the pipeline thread for each node; the work starts at once, in the background.</summary>
    public void Add(SwarmNode node)
    {
        lock (_gate)
        {
            if (_nodes.Any(n => n.Id == node.Id)) return;
            _nodes.Add(node);
            if (_leader is null)
            {
                _leader = Task.Run(() => EstablishAsync(node, lookForEarlierInit: true));
                return;
            }
            var decision = DecideAfterAsync(_decisions, node);
            _decisions = decision;
            _work.Add(JoinWhenDecidedAsync(decision));
        }
    }

    /// <summary>Waits for every node, then reads the swarm back from its manager (null when nothing was formed, e.g. -WhatIf).</summary>
    public async Task<Swarm?> CompleteAsync()
    {
        Task<EstablishedSwarm?>? leaderTask;
        Task[] work;
        lock (_gate)
        {
            leaderTask = _leader;
            work = _work.ToArray();
        }
        if (leaderTask is null) return null;
        var leader = await leaderTask.ConfigureAwait(false);
        await Task.WhenAll(work).ConfigureAwait(false);
        if (leader is null) return null;

        if (_options.RotateJoinTokens && await _observer.ShouldProcessAsync(leader.Host.Name, "Rotate the swarm's join tokens").ConfigureAwait(false))
            await leader.Host.RotateJoinTokensAsync(_ct).ConfigureAwait(false);

        var members = await leader.Host.MembersAsync(_ct).ConfigureAwait(false);
        List<SwarmNode> nodes;
        lock (_gate) nodes = _nodes.ToList();
        var wanted = _options.Role is null ? _options.ManagerCount : 0;
        var managers = members.Count(m => m.IsManager);
        if (wanted > managers)
            _observer.Warning($"The swarm has {managers} manager(s), not the {wanted} asked for: there were not enough nodes. Add nodes with Join-SwarmNode -Role Manager.");
        return SwarmReader.Describe(leader.ClusterId, members, nodes);
    }

    private async Task<EstablishedSwarm?> EstablishAsync(SwarmNode node, bool lookForEarlierInit)
    {
        var host = await _connect(node, _ct).ConfigureAwait(false);
        var state = await SettledStateAsync(host).ConfigureAwait(false);
        if (state.IsActive && state.IsManager) return await Adopted(host, state).ConfigureAwait(false);
        if (state.IsActive)
            throw FormationErrors.WorkerElsewhere(node);
        ThrowIfStuck(node, state);
        if (lookForEarlierInit && await EarlierInitAsync(node).ConfigureAwait(false) is { } earlier) return earlier;

        var advertise = AdvertiseAddress.For(node, _options.AdvertiseAddress, isInitializer: true);
        var pool = AdvertiseAddress.DefaultAddressPool(node);
        if (!await _observer.ShouldProcessAsync(node.Name, $"Initialize a swarm advertising {advertise}").ConfigureAwait(false))
            return null;
        _inits?.Begin(node.Id); // before the init: a run killed during it leaves the record too
        _observer.Progress($"Initializing the swarm on {node.Name} ({advertise})");
        if (pool != null) _observer.Verbose($"The VPC is inside 10.0.0.0/8, Docker's default overlay pool: the swarm's overlay networks take {pool} instead.");
        var nodeId = await host.InitAsync(advertise, pool, _ct).ConfigureAwait(false);
        Record($"{node.Name} initialized the swarm (node {nodeId})");
        var after = await host.StateAsync(_ct).ConfigureAwait(false);
        _managers = 1;
        _observer.Verbose($"Swarm {after.ClusterId} initialized on {node.Name}, advertising {advertise}.");
        lock (_gate) _addresses.Add(advertise);
        Track(host, isManager: true);
        return new EstablishedSwarm(host, after.ClusterId ?? "", advertise, await _firewall.KeptPolicyAsync(host, _ct).ConfigureAwait(false));
    }

    /// <summary>
    /// A run killed right after its init left a swarm on a node that may reach this run after
    /// <paramref name="first"/>: the droplet under the tag that this machine began an init on is
    /// adopted when it manages a swarm, and <paramref name="first"/> joins it like any later node.
    /// </summary>
    private async Task<EstablishedSwarm?> EarlierInitAsync(SwarmNode first)
    {
        if (_inits is null) return null;
        var earlier = (await _inits.EarlierAsync(first, _ct).ConfigureAwait(false)).FirstOrDefault();
        if (earlier is null) return null;
        NodeShell host;
        NodeSwarmState state;
        try
        {
            using var reach = CancellationTokenSource.CreateLinkedTokenSource(_ct);
            reach.CancelAfter(NodeReach.Member); // a dead node must not hold up the swarm this run forms
            host = await _connect(earlier, reach.Token).ConfigureAwait(false);
            state = await host.StateAsync(reach.Token).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is OperationCanceledException && !_ct.IsCancellationRequested) || e is SwarmToolsException)
        {
            _observer.Verbose($"{earlier.Name}, where an earlier run from here began a swarm, could not be read ({e.Message}): {first.Name} initializes one.");
            return null;
        }
        if (!state.IsActive || !state.IsManager) return null;
        lock (_gate)
        {
            _nodes.Add(earlier); // the leader: not joined again when it comes down the pipeline
            var decision = DecideAfterAsync(_decisions, first);
            _decisions = decision;
            _work.Add(JoinWhenDecidedAsync(decision));
        }
        _observer.Verbose($"{earlier.Name} already manages the swarm an earlier run from here began: {first.Name} joins it, and no second swarm is started.");
        return await Adopted(host, state).ConfigureAwait(false);
    }

    private async Task<EstablishedSwarm?> AdoptAsync(SwarmNode manager)
    {
        var host = await _connect(manager, _ct).ConfigureAwait(false);
        var state = await host.StateAsync(_ct).ConfigureAwait(false);
        if (!state.IsActive || !state.IsManager)
            throw FormationErrors.NotAManager(manager, state);
        return await Adopted(host, state).ConfigureAwait(false);
    }

    private async Task<EstablishedSwarm> Adopted(NodeShell host, NodeSwarmState state)
    {
        _managers = state.Managers;
        _observer.Verbose($"{host.Name} is already a manager of swarm {state.ClusterId} ({state.Managers} manager(s)): using it.");
        var members = await host.MembersAsync(_ct).ConfigureAwait(false);
        lock (_gate) _addresses.UnionWith(SwarmFirewall.AddressesOf(members));
        Track(host, isManager: true);
        return new EstablishedSwarm(host, state.ClusterId ?? "", state.NodeAddress, await _firewall.KeptPolicyAsync(host, _ct).ConfigureAwait(false), members);
    }

    /// <summary>
    /// Decisions are taken one node at a time, in arrival order, so manager slots go to the first
    /// nodes; each node's state is read as soon as the swarm exists, without waiting its turn.
    /// </summary>
    private async Task<Plan?> DecideAfterAsync(Task previous, SwarmNode node)
    {
        var reading = ReadWhenLedAsync(node);
        try { await previous.ConfigureAwait(false); } catch { /* the previous node's failure is reported there */ }
        EstablishedSwarm? leader;
        try { leader = await _leader!.ConfigureAwait(false); }
        catch { return null; } // the swarm could not be established: reported once, by CompleteAsync
        try
        {
            var role = _options.Role ?? (_managers < _options.ManagerCount ? SwarmRole.Manager : SwarmRole.Worker);
            if (leader is null)
            {
                // -WhatIf (or a declined init): say what would happen, touch nothing.
                var planned = AdvertiseAddress.For(node, _options.AdvertiseAddress, isInitializer: false);
                if (role == SwarmRole.Manager) _managers++;
                await _observer.ShouldProcessAsync(node.Name, $"Join the swarm as {NodeShell.DockerName(role)}, advertising {planned}").ConfigureAwait(false);
                return null;
            }

            var (host, state) = (await reading.ConfigureAwait(false))!.Value;
            var advertise = AdvertiseAddress.For(node, AdvertiseChoice(leader, node), isInitializer: false);
            if (state.IsActive)
            {
                await CheckMembershipAsync(leader, node, state).ConfigureAwait(false);
                Track(host, state.IsManager);
                _observer.Verbose($"{node.Name} is already in swarm {leader.ClusterId} ({(state.IsManager ? "manager" : "worker")}): nothing to do.");
                return null;
            }
            ThrowIfStuck(node, state);
            if (role == SwarmRole.Manager) _managers++;
            return new Plan(node, host, leader, role, advertise);
        }
        catch (SwarmToolsException e)
        {
            _observer.NodeFailed(node, e);
            return null;
        }
    }

    /// <summary>The node's shell and settled swarm state, once the swarm is established (null when it was not: -WhatIf, or a failure).</summary>
    private async Task<(NodeShell Host, NodeSwarmState State)?> ReadWhenLedAsync(SwarmNode node)
    {
        try { if (await _leader!.ConfigureAwait(false) is null) return null; }
        catch { return null; } // reported once, by CompleteAsync
        var host = await _connect(node, _ct).ConfigureAwait(false);
        return (host, await SettledStateAsync(host).ConfigureAwait(false));
    }

    private async Task CheckMembershipAsync(EstablishedSwarm leader, SwarmNode node, NodeSwarmState state)
    {
        bool ours;
        if (state.IsManager) ours = state.ClusterId == leader.ClusterId;
        else ours = (await leader.Host.MembersAsync(_ct).ConfigureAwait(false)).Any(m => m.NodeId == state.NodeId);
        if (!ours)
            throw FormationErrors.InAnotherSwarm(node, state);
    }

    /// <summary>
    /// A join interrupted by Ctrl+C goes on inside Docker and usually ends a few seconds later:
    /// give a "pending" node that long before calling it stuck.
    /// </summary>
    private async Task<NodeSwarmState> SettledStateAsync(NodeShell host)
    {
        var state = await host.StateAsync(_ct).ConfigureAwait(false);
        for (var waited = 0; state.LocalNodeState == LocalNodeState.Pending && waited < PendingGrace; waited++)
        {
            _observer.Progress($"{host.Name} is still joining a swarm; waiting for it to settle");
            await Task.Delay(TimeSpan.FromSeconds(1), _ct).ConfigureAwait(false);
            state = await host.StateAsync(_ct).ConfigureAwait(false);
        }
        return state;
    }

    internal static void ThrowIfStuck(SwarmNode node, NodeSwarmState state)
    {
        switch (state.LocalNodeState)
        {
            case LocalNodeState.Inactive:
            case LocalNodeState.Active:
                return;
            case LocalNodeState.Pending:
                throw FormationErrors.JoinPending(node);
            case LocalNodeState.Locked:
                throw FormationErrors.Locked(node);
            case LocalNodeState.Error:
                throw FormationErrors.NodeError(node, state);
            default:
                throw FormationErrors.UnknownState(node, state);
        }
    }

    /// <summary>
    /// Every node is confirmed and admitted (firewalls) as soon as it is decided; only the joins
    /// of managers then wait for each other, so their firewall work is off that serial path.
    /// </summary>
    private async Task JoinWhenDecidedAsync(Task<Plan?> decision)
    {
        var plan = await decision.ConfigureAwait(false);
        if (plan is null) return;
        var admitted = ConfirmAndAdmitAsync(plan);
        if (plan.Role == SwarmRole.Manager)
        {
            Task mine;
            lock (_gate)
            {
                mine = JoinAfterAsync(_managerJoins, plan, admitted);
                _managerJoins = mine;
            }
            await mine.ConfigureAwait(false);
        }
        else await JoinAsync(plan, admitted).ConfigureAwait(false);
    }

    private async Task JoinAfterAsync(Task previous, Plan plan, Task<bool> admitted)
    {
        try { await previous.ConfigureAwait(false); } catch { /* reported by its own join */ }
        await JoinAsync(plan, admitted).ConfigureAwait(false);
    }

    /// <summary>False when the join was declined (-WhatIf, -Confirm).</summary>
    private async Task<bool> ConfirmAndAdmitAsync(Plan plan)
    {
        if (!await _observer.ShouldProcessAsync(plan.Node.Name, $"Join the swarm as {NodeShell.DockerName(plan.Role)}, advertising {plan.Advertise}").ConfigureAwait(false))
            return false;
        await AdmitAsync(plan).ConfigureAwait(false);
        return true;
    }

    private async Task JoinAsync(Plan plan, Task<bool> admitted)
    {
        var node = plan.Node;
        try
        {
            if (!await admitted.ConfigureAwait(false)) return;
            var role = NodeShell.DockerName(plan.Role);
            _observer.Progress($"Joining {node.Name} as {role}");
            var token = await plan.Swarm.Host.JoinTokenAsync(plan.Role, _ct).ConfigureAwait(false);
            await plan.Host.JoinAsync(token, plan.Advertise, plan.Swarm.Address, _ct, m => { _observer.Verbose(m); _observer.Progress(m); }).ConfigureAwait(false);
            var state = await plan.Host.StateAsync(_ct).ConfigureAwait(false);
            Record($"{node.Name} joined as {role}");
            if (plan.Role == SwarmRole.Manager) await ManagerReachability.WaitAsync(plan.Swarm.Host, node, state.NodeId, _observer, _ct).ConfigureAwait(false);
            _observer.Verbose($"{node.Name} joined as {role}.");
        }
        catch (SwarmToolsException e)
        {
            _observer.NodeFailed(node, e);
        }
    }

    /// <summary>
    /// Before a node joins: it allows the members, and every member allows it. The leader must
    /// (the join goes through it); another member that cannot be updated is named in a warning.
    /// </summary>
    private async Task AdmitAsync(Plan plan)
    {
        var isManager = plan.Role == SwarmRole.Manager;
        lock (_gate) _addresses.Add(plan.Advertise);
        Track(plan.Host, isManager);
        await (_otherMembers ??= TrackOtherMembersAsync(plan.Swarm)).ConfigureAwait(false);
        var policy = plan.Swarm.Policy;
        List<(NodeShell Host, bool IsManager)> members;
        lock (_gate) members = _memberHosts.Values.Where(m => m.Host != plan.Host).ToList();
        // The node and the members change their own firewalls, all at once: both must be done before the join, in no order.
        var own = _firewall.ConvergeAsync(plan.Host, isManager, policy, _ct);
        var managersNotAdmitting = new List<string>();
        await Task.WhenAll(members.Select(async m =>
        {
            try { await _firewall.ConvergeAsync(m.Host, m.IsManager, policy, _ct).ConfigureAwait(false); }
            catch (SwarmToolsException e) when (m.Host != plan.Swarm.Host)
            {
                NotAdmitting(m.Host.Node, m.Host.Name, plan.Node.Name, e.Message, e);
                if (m.IsManager) lock (managersNotAdmitting) managersNotAdmitting.Add(m.Host.Name);
            }
        }).Append(own)).ConfigureAwait(false);
        lock (_gate) managersNotAdmitting.AddRange(_unreachableManagers);
        // Managers talk to each other on 2377: one that has not admitted the new manager would split the raft.
        if (isManager && managersNotAdmitting.Count > 0 && !_options.Force)
            throw FormationErrors.ManagersNotAdmitting(plan.Node, managersNotAdmitting);
    }

    /// <summary>A member that could not admit a joining node: an error that names it and the remedy (the join goes on, a manager's only with every manager).</summary>
    private void NotAdmitting(SwarmNode member, string name, string joining, string why, Exception? inner) =>
        _observer.NodeFailed(member, FormationErrors.MemberNotAdmitting(name, joining, why, inner));

    private void Track(NodeShell host, bool isManager)
    {
        lock (_gate) _memberHosts[host.Node.Id] = (host, isManager);
    }

    /// <summary>
    /// Members of an adopted swarm that are not on the pipeline: found among the swarm's droplets
    /// by the address they advertise, so their firewalls admit the new nodes too.
    /// </summary>
    private async Task TrackOtherMembersAsync(EstablishedSwarm leader)
    {
        List<SwarmMember> missing;
        lock (_gate) missing = leader.Members.Where(m => !_memberHosts.Values.Any(h => Advertises(h.Host.Node, m))).ToList();
        if (missing.Count == 0) return;
        var droplets = await _swarmDroplets(_ct).ConfigureAwait(false);
        await Task.WhenAll(missing.Select(async member =>
        {
            var droplet = droplets.FirstOrDefault(d => Advertises(d, member));
            if (droplet is null)
            {
                _observer.Warning($"Member {member.Hostname} ({member.Address}) has no droplet among the swarm's: its firewall cannot be updated to admit new nodes.");
                return;
            }
            try
            {
                using var reach = CancellationTokenSource.CreateLinkedTokenSource(_ct);
                reach.CancelAfter(NodeReach.Member);
                Track(await _connect(droplet, reach.Token).ConfigureAwait(false), member.IsManager);
            }
            catch (Exception e) when ((e is OperationCanceledException && !_ct.IsCancellationRequested) || e is SwarmToolsException)
            {
                NotAdmitting(droplet, droplet.Name, "the new nodes", "it could not be reached: " + e.Message, e);
                if (member.IsManager) lock (_gate) _unreachableManagers.Add(droplet.Name);
            }
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// Joins follow the swarm's own mode, read from the leader's advertise address, unless -AdvertiseAddress
    /// was given: a swarm whose members advertise public and private addresses by accident is never made here.
    /// </summary>
    private string AdvertiseChoice(EstablishedSwarm leader, SwarmNode node)
    {
        var mode = AdvertiseAddress.ModeOf(leader.Host.Node, leader.Address);
        if (!_options.FollowSwarm)
        {
            if (mode != null && !mode.Equals(_options.AdvertiseAddress, StringComparison.OrdinalIgnoreCase) && !IpLiteral.IsValid(_options.AdvertiseAddress))
                _observer.Warning($"{node.Name} advertises its {_options.AdvertiseAddress.ToLowerInvariant()} address while the swarm's leader {leader.Host.Name} advertises its {mode.ToLowerInvariant()} one, as -AdvertiseAddress asks: members must reach each other on both.");
            return _options.AdvertiseAddress;
        }
        return mode ?? throw FormationErrors.CannotFollowLeader(leader.Host.Name, leader.Address, node);
    }

    private static bool Advertises(SwarmNode node, SwarmMember member) =>
        member.Address == node.PrivateAddress || member.Address == node.PublicAddress;

    private sealed class EstablishedSwarm
    {
        public EstablishedSwarm(NodeShell host, string clusterId, string address, FirewallPolicy policy, IReadOnlyList<SwarmMember>? members = null)
        {
            Host = host;
            ClusterId = clusterId;
            Address = address;
            Policy = policy;
            Members = members ?? Array.Empty<SwarmMember>();
        }

        public NodeShell Host { get; }
        public string ClusterId { get; }
        /// <summary>Where joining nodes reach the manager (its advertise address).</summary>
        public string Address { get; }
        /// <summary>The firewall policy kept on the swarm (members-only when Set-SwarmFirewall never ran).</summary>
        public FirewallPolicy Policy { get; }
        /// <summary>The members when the swarm was adopted (empty for a swarm initialized here).</summary>
        public IReadOnlyList<SwarmMember> Members { get; }
    }

    private sealed class Plan
    {
        public Plan(SwarmNode node, NodeShell host, EstablishedSwarm leader, SwarmRole role, string advertise)
        {
            Node = node;
            Host = host;
            Swarm = leader;
            Role = role;
            Advertise = advertise;
        }

        public SwarmNode Node { get; }
        public NodeShell Host { get; }
        public EstablishedSwarm Swarm { get; }
        public SwarmRole Role { get; }
        public string Advertise { get; }
    }
}
