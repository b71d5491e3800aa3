using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.DigitalOcean;
using SwarmTools.Firewalls;
using SwarmTools.Infrastructure;
using SwarmTools.Nodes;
using SwarmTools.Orchestration;

namespace SwarmTools.Commands
{
    /// <summary>Takes nodes out of their swarm the safe way, then deletes their droplets.</summary>
    /// <remarks>
    /// <para>For each node: drain it, demote it if it is a manager, docker swarm leave on the node, and
    /// docker node rm on another manager once that manager sees it Down; then the droplet is deleted.
    /// A demotion that would lower the swarm's fault tolerance needs -Force; one that would break
    /// quorum is refused.</para>
    /// <para>Workers go first and together, managers one at a time (quorum is checked before each),
    /// the leader last: removing a whole swarm never strands a worker. The last manager ends the swarm
    /// (docker swarm leave --force) only with -Force.</para>
    /// <para>Every question is asked before any work starts. -DropletOnly deletes droplets without
    /// asking their nodes to leave (nodes never in a swarm, or unreachable); a swarm member among them
    /// is then taken out of the swarm through another manager (docker node rm --force) and out of every
    /// member's firewall.</para>
    /// <para>When the swarm's last droplet goes, its cloud firewall (Set-SwarmFirewall -Mode Cloud) is
    /// deleted too, or named in a warning when it cannot be.</para>
    /// </remarks>
    /// <note>Confirmation follows PowerShell's standard: -WhatIf shows what would happen and changes
    /// nothing, -Confirm asks before each change, and without -Force the cmdlet asks once per node (Yes to
    /// All and No to All are offered). -Force skips that question; -WhatIf still wins over -Force.</note>
    /// <note>A node that cannot be reached over SSH within 30 seconds is kept (NodeUnreachable), with the
    /// command that deletes it anyway.</note>
    /// <seealso cref="GetSwarmNode"/>
    /// <seealso cref="SetSwarmNode"/>
    [Cmdlet(VerbsCommon.Remove, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByNode)]
    [OutputType(typeof(void))]
    public sealed class RemoveSwarmNode : SwarmMemberCmdlet
    {
        private const string ByNode = "ByNode";
        private const string ById = "ById";
        private static readonly TimeSpan ReachWithin = TimeSpan.FromSeconds(30);

        /// <summary>The nodes to remove, e.g. from Get-SwarmNode.</summary>
        [Parameter(ParameterSetName = ByNode, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

        /// <summary>Ids of the droplets to remove; an id that no longer exists is a warning.</summary>
        [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; } = Array.Empty<long>();

        /// <summary>Skips the confirmation question and allows lowering the swarm's fault tolerance (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Deletes the droplets without asking their nodes to leave first (nodes never in a swarm, or unreachable); a member is then removed from the swarm through another manager.</summary>
        [Parameter]
        public SwitchParameter DropletOnly { get; set; }

        private readonly List<SwarmNode> _nodes = new List<SwarmNode>();
        private bool _yesToAll;
        private bool _noToAll;
        private volatile bool _leftSwarm;
        private readonly System.Collections.Concurrent.ConcurrentBag<SwarmNode> _deleted = new System.Collections.Concurrent.ConcurrentBag<SwarmNode>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ById)
                foreach (var id in Id) { if (Lookup(id) is SwarmNode node) _nodes.Add(node); }
            else _nodes.AddRange(InputObject);
        }

        /// <summary>
        /// Workers go first and the leader last, so that a partial removal never strands a worker
        /// without a manager or drops quorum half-way. When every member goes, the swarm is simply
        /// torn down: nothing of it remains to keep safe.
        /// </summary>
        protected override void EndProcessing()
        {
            var wholeSwarm = false;
            var ordered = DropletOnly || _nodes.Count < 2 ? _nodes : InRemovalOrder(_nodes, out wholeSwarm);
            // Every question is asked first, on the pipeline thread; then the work runs.
            var confirmed = ordered.Where(n => Confirm(n, wholeSwarm)).ToList();
            if (wholeSwarm && confirmed.Count == ordered.Count)
            {
                TearDown(confirmed);
                ForgetCloudFirewall();
                return;
            }
            // Workers (and bare droplets) go together; managers one at a time, each re-checking quorum.
            var together = confirmed.Where(n => DropletOnly || n.Role == SwarmRole.Worker).ToList();
            RemoveAll(together);
            foreach (var node in confirmed.Except(together)) RemoveAll(new[] { node });
            if (DropletOnly && confirmed.Count > 0) ForgetInSwarm(confirmed);
            if (_leftSwarm) ForgetInFirewalls(confirmed);
            ForgetCloudFirewall();
        }

        /// <summary>
        /// When a swarm's last droplet went in this run, its cloud firewall goes too (else it would
        /// greet the next swarm made on the tag); when it cannot, a warning names it. The swarm tags
        /// are those the deleted droplets carried (a firewall of the module's covers one of them).
        /// </summary>
        private void ForgetCloudFirewall()
        {
            if (_deleted.IsEmpty) return;
            var api = Api;
            var deleted = _deleted.ToArray();
            var ids = deleted.Select(n => n.Id).ToList();
            var tags = deleted.SelectMany(n => n.Tags.Length > 0 ? n.Tags : new[] { SwarmTag }).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            try
            {
                Run(async (queue, ct) =>
                {
                    // Deletes are asynchronous at DigitalOcean: a droplet deleted just now may still be listed.
                    var emptied = new List<string>();
                    foreach (var tag in tags)
                        if ((await api.Droplets.ListByTagAsync(tag, ct).ConfigureAwait(false)).All(d => ids.Contains(d.Id))) emptied.Add(tag);
                    if (emptied.Count == 0) return;
                    tags = emptied;
                    var firewalls = await api.Firewalls.ListAsync(ct).ConfigureAwait(false);
                    foreach (var tag in emptied)
                    {
                        if (CloudFirewall.Pick(firewalls, tag) is not { } found) continue;
                        var (_, gone) = await CloudFirewall.DeleteAsync(api, tag, ct).ConfigureAwait(false);
                        if (gone) queue.Verbose($"Deleted cloud firewall {found.Name} ({found.Id}): the last droplet tagged {tag} is gone.");
                        else
                            queue.Warning($"The last droplet tagged {tag} is gone, but cloud firewall {found.Name} ({found.Id}) also covers other droplets or tags, so it was kept. It still applies to any droplet tagged {tag}; delete it in the control panel if nothing else needs it.");
                    }
                });
            }
            catch (DigitalOceanException e)
            {
                WriteWarning($"The swarm's last droplet is deleted, but its cloud firewall could not be checked or deleted ({e.Message}). A cloud firewall left by the swarm ({string.Join(" or ", tags.Select(CloudFirewall.NameFor))}) would apply to the next droplets on its tag: delete it in the control panel (the token needs firewall:read and firewall:delete).");
            }
        }

        /// <summary>
        /// -DropletOnly deleted droplets without asking their nodes to leave: a member among them is taken
        /// out of the swarm through another manager (`docker node rm --force`, demoted first if a manager),
        /// so that the swarm stops waiting for it and every member's firewall forgets its address.
        /// </summary>
        private void ForgetInSwarm(IReadOnlyList<SwarmNode> deleted)
        {
            var api = Api;
            var access = Access;
            var gone = deleted.Select(n => n.Id).ToList();
            Run(async (queue, ct) =>
            {
                var observer = new SwarmObserver(queue, "Removing nodes", ct, confirmed: true);
                var droplets = (await SwarmDroplets.ListAsync(Manager is null ? Array.Empty<SwarmNode>() : new[] { Manager }, api, SwarmTag, ct).ConfigureAwait(false))
                    .Where(d => !gone.Contains(d.Id)).ToList();
                if (droplets.Count == 0) return; // nothing of a swarm left to tell
                DockerHost manager;
                try { manager = await ChangesVia(access, queue, observer, ct).FindManagerAsync(droplets, null).ConfigureAwait(false); }
                catch (SwarmToolsException) // no manager answered (NoManagerFound), or none could be reached
                {
                    queue.Warning($"No manager of the swarm answered: if {string.Join(", ", deleted.Select(n => n.Name))} were swarm members, they may still be listed in it and allowed by its members' firewalls. " +
                                  "Once a manager is back, run 'docker node rm --force <node>' on it and Set-SwarmFirewall.");
                    return;
                }
                var members = await manager.MembersAsync(ct).ConfigureAwait(false);
                foreach (var node in deleted)
                {
                    var member = members.FirstOrDefault(m => m.Address.Length > 0 && (m.Address == node.PrivateAddress || m.Address == node.PublicAddress));
                    if (member is null) continue; // a bare droplet, or one that had left
                    try
                    {
                        if (member.IsManager) await manager.DemoteAsync(member.NodeId, ct).ConfigureAwait(false);
                        await manager.ForceRemoveNodeAsync(member.NodeId, ct).ConfigureAwait(false);
                        queue.Verbose($"{node.Name} was taken out of the swarm (docker node rm on {manager.Name}): its droplet is gone.");
                        _leftSwarm = true;
                    }
                    catch (SwarmToolsException e)
                    {
                        queue.Error(ErrorRecords.From(new SwarmToolsException(e.ErrorId, e.Kind,
                            $"{node.Name}'s droplet was deleted, but it could not be taken out of the swarm ({e.Message}). Run 'docker node rm --force {member.NodeId}' on a manager, then Set-SwarmFirewall.", node.Name, e), node));
                    }
                }
            });
        }

        /// <summary>
        /// The members that remain stop allowing the removed nodes: DigitalOcean hands their
        /// addresses out again. Nothing to do when nothing of the swarm remains.
        /// </summary>
        private void ForgetInFirewalls(IReadOnlyList<SwarmNode> removed)
        {
            var api = Api;
            var access = Access;
            var gone = removed.Select(n => n.Id).ToList();
            Run(async (queue, ct) =>
            {
                var observer = new SwarmObserver(queue, "Removing nodes", ct, confirmed: true);
                var droplets = (await SwarmDroplets.ListAsync(Manager is null ? Array.Empty<SwarmNode>() : new[] { Manager }, api, SwarmTag, ct).ConfigureAwait(false))
                    .Where(d => !gone.Contains(d.Id)).ToList();
                if (droplets.Count == 0) return;
                DockerHost manager;
                try { manager = await ChangesVia(access, queue, observer, ct).FindManagerAsync(droplets, null).ConfigureAwait(false); }
                catch (NoManagerFoundException)
                {
                    queue.Warning($"No manager of the swarm answered, so the remaining nodes' firewalls may still allow {string.Join(", ", removed.Select(n => n.Name))}. Run Set-SwarmFirewall once a manager is back.");
                    return;
                }
                var members = await manager.MembersAsync(ct).ConfigureAwait(false);
                var policy = (await new HostFirewall(manager).ReadAsync(ct).ConfigureAwait(false)).KeptPolicy; // the swarm's, as every manager reads it
                await new MemberFirewalls(members, droplets, (node, c) => ReachAsync(node, access, queue, ReachWithin, c), observer).ConvergeAsync(policy, null, ct).ConfigureAwait(false);
            });
        }

        private List<SwarmNode> InRemovalOrder(List<SwarmNode> nodes, out bool wholeSwarm)
        {
            wholeSwarm = false;
            var access = Access;
            var api = ApiForSearch;
            try
            {
                var members = Run(async (queue, ct) =>
                {
                    var changes = ChangesVia(access, queue, new SwarmObserver(queue, "Removing nodes", ct, confirmed: true), ct);
                    var manager = await FindManagerAsync(changes, null, api, ct).ConfigureAwait(false);
                    return await manager.MembersAsync(ct).ConfigureAwait(false);
                });
                foreach (var node in nodes) SwarmReader.Enrich(node, members);
                wholeSwarm = SwarmTeardown.CoversSwarm(members, nodes);
            }
            catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
            {
                WriteVerbose($"Removing in the order given: the swarm's roles could not be read ({e.Message}).");
                return nodes;
            }
            return nodes.OrderBy(n => n.ManagerStatus == ManagerStatus.Leader ? 2 : n.Role == SwarmRole.Manager ? 1 : 0).ToList();
        }

        private SwarmNode? Lookup(long id)
        {
            var droplet = RunApi((api, q, ct) => api.Droplets.FindAsync(id, ct));
            if (droplet is null) WriteWarning($"Droplet {id} does not exist (already deleted?).");
            return droplet?.ToSwarmNode();
        }

        private bool Confirm(SwarmNode node, bool wholeSwarm)
        {
            var action = DropletOnly ? "Delete droplet"
                : wholeSwarm ? "Leave the swarm with the rest of it (leave --force), then delete droplet"
                : "Leave the swarm (drain, demote if manager, leave, node rm), then delete droplet";
            // The standard pattern: ShouldProcess answers -WhatIf and -Confirm; then -Force or the user's yes.
            return ShouldProcess(Describe(node), action)
                && (Force || ShouldContinue($"{action}: {Describe(node)}?", "Remove-SwarmNode", ref _yesToAll, ref _noToAll));
        }

        private static string Describe(SwarmNode node) => $"{node.Name} (droplet {node.Id}, {node.PublicAddress})";

        /// <summary>Removes the nodes concurrently; each failure concerns its node only and is reported as such.</summary>
        private void RemoveAll(IReadOnlyList<SwarmNode> nodes)
        {
            if (nodes.Count == 0) return;
            var api = Api;
            var searchApi = ApiForSearch;
            var access = Access;
            Run((queue, ct) => Task.WhenAll(nodes.Select(async node =>
            {
                try
                {
                    if (!DropletOnly && await LeaveSwarmAsync(node, access, searchApi, queue, ct).ConfigureAwait(false)) _leftSwarm = true;
                    try { await DeleteDropletAsync(api, node, queue, ct).ConfigureAwait(false); }
                    finally { NodeConnections.Forget(node); }
                }
                catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
                {
                    queue.Error(ErrorRecords.From(e, node));
                }
            })));
        }

        /// <summary>
        /// The whole swarm goes: every reachable node leaves with --force at once, then the droplets
        /// are deleted — in one request by the swarm tag when they are exactly the tag's droplets.
        /// </summary>
        private void TearDown(IReadOnlyList<SwarmNode> nodes)
        {
            var api = Api;
            var access = Access;
            try { Run((queue, ct) => TearDownAsync(nodes, api, access, queue, ct)); }
            catch (DigitalOceanException e) { ThrowTerminatingError(ErrorRecords.From(e)); }
        }

        private async Task TearDownAsync(IReadOnlyList<SwarmNode> nodes, DigitalOceanClient api, SshAccess access, OutputQueue queue, CancellationToken ct)
        {
            var observer = new SwarmObserver(queue, "Removing the swarm", ct, confirmed: true);
            observer.Verbose($"Every member of the swarm goes: each leaves with --force, then the droplets are deleted.");
            await SwarmTeardown.LeaveAllAsync(nodes, (node, c) => ReachAsync(node, access, queue, ReachWithin, c), observer, ct).ConfigureAwait(false);
            var tagged = (await api.Droplets.ListByTagAsync(SwarmTag, ct).ConfigureAwait(false)).Select(d => d.Id).OrderBy(i => i);
            try
            {
                if (tagged.SequenceEqual(nodes.Select(n => n.Id).OrderBy(i => i)))
                {
                    var deletion = new DropletDeletion(api);
                    var left = await deletion.DeleteByTagAsync(SwarmTag, nodes.Select(n => n.Id).ToList(), ct).ConfigureAwait(false);
                    foreach (var node in nodes)
                        if (left.Contains(node.Id)) queue.Warning(deletion.NotSeenGone(Describe(node), DeletionOutcome.StillListed));
                        else queue.Verbose($"Deleted {Describe(node)}.");
                    foreach (var node in nodes) _deleted.Add(node);
                }
                else
                    await Task.WhenAll(nodes.Select(async node =>
                    {
                        try { await DeleteDropletAsync(api, node, queue, ct).ConfigureAwait(false); }
                        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException) { queue.Error(ErrorRecords.From(e, node)); }
                    })).ConfigureAwait(false);
            }
            finally
            {
                foreach (var node in nodes) NodeConnections.Forget(node);
            }
        }

        /// <summary>
        /// Deletes the node's droplet and says "deleted" once it is gone (DigitalOcean deletes
        /// asynchronously); one still listed after the wait, or already gone, is a warning, not an error.
        /// </summary>
        private async Task DeleteDropletAsync(DigitalOceanClient api, SwarmNode node, OutputQueue queue, CancellationToken ct)
        {
            var deletion = new DropletDeletion(api);
            switch (await deletion.DeleteAsync(node.Id, Describe(node), ct).ConfigureAwait(false))
            {
                case DeletionOutcome.Gone: queue.Verbose($"Deleted {Describe(node)}."); break;
                case DeletionOutcome.AlreadyGone: queue.Warning($"{Describe(node)} does not exist (already deleted?)."); break;
                case var notSeen: queue.Warning(deletion.NotSeenGone(Describe(node), notSeen)); break;
            }
            _deleted.Add(node);
        }

        /// <summary>True when the node left a swarm.</summary>
        private async Task<bool> LeaveSwarmAsync(SwarmNode node, SshAccess access, DigitalOceanClient? searchApi, OutputQueue queue, CancellationToken ct)
        {
            // The user confirmed the whole removal once; the steps do not ask again.
            var changes = ChangesVia(access, queue, new SwarmObserver(queue, "Removing nodes", ct, confirmed: true), ct);
            DockerHost self;
            NodeSwarmState state;
            using (var reach = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                reach.CancelAfter(ReachWithin);
                // Its swarm state is read within the same bound: a session kept from earlier may lead to a host that died since.
                try
                {
                    self = await ConnectAsync(node, access, queue, reach.Token).ConfigureAwait(false);
                    state = await self.StateAsync(reach.Token).ConfigureAwait(false);
                }
                catch (Exception e) when ((e is OperationCanceledException && !ct.IsCancellationRequested) || (e is SwarmToolsException s && s.Kind is FailureKind.Connection or FailureKind.Timeout))
                {
                    throw new SwarmToolsException(ErrorIds.NodeUnreachable, FailureKind.Connection,
                        $"{node.Name} could not be reached over SSH to take it out of its swarm first, so its droplet was kept. " +
                        $"To delete it anyway, pass -DropletOnly (it is then taken out of the swarm through another manager).", node.Name, e);
                }
            }
            return await changes.LeaveAsync(self, state, node, () => FindManagerAsync(changes, node, searchApi, ct), Force).ConfigureAwait(false);
        }
    }
}
