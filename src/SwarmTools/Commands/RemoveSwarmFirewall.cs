using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Takes away the firewall Set-SwarmFirewall put on the swarm: on the hosts, in the cloud, or both.</summary>
/// <remarks>
/// <para>-Mode Ufw (or Both): on every member, the rules the module owns (comment 'swarmtools') go,
/// except the members' swarm-port rules a join adds while ufw is active (without them the
/// members would stop talking) and its rules on 22 (Set-SwarmFirewall replaced the image's SSH rule
/// and denies the rest: without them the next SSH connection would be refused); so do the DOCKER-USER block in ufw's after.rules (published
/// ports are open again, as Docker leaves them) and the policy kept on the hosts and in the swarm. Rules others
/// wrote, ufw's state and its default policy are left as they are.</para>
/// <para>-Mode Cloud (or Both): the swarm's cloud firewall is deleted; one that also covers other
/// tags or droplets is refused (CloudFirewallNotOurs) and left.</para>
/// <para>A mode switch does this itself: Set-SwarmFirewall -Mode Ufw after Cloud or Both deletes the
/// cloud firewall, -Mode Cloud after Ufw or Both takes the host layer away, each after confirmation.</para>
/// </remarks>
/// <note>It asks before each host's change and before deleting the cloud firewall (ConfirmImpact
/// High); -WhatIf lists each change and makes none. A member that cannot be reached within 30 s
/// is an error for that member; the others go on.</note>
/// <seealso cref="SetSwarmFirewall"/>
/// <seealso cref="GetSwarmFirewall"/>
[Cmdlet(VerbsCommon.Remove, "SwarmFirewall", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveSwarmFirewall : SwarmMemberCmdlet
{
    private readonly List<SwarmNode> _given = new List<SwarmNode>();

    /// <summary>The swarm (from Get-Swarm). Default: the swarm of the droplets tagged -SwarmTag.</summary>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public Swarm? Swarm { get; set; }

    /// <summary>Which layer goes: Both (the default), Ufw (the hosts) or Cloud (the DigitalOcean firewall).</summary>
    [Parameter]
    public FirewallMode Mode { get; set; } = FirewallMode.Both;

    protected override void ProcessRecord()
    {
        if (Swarm != null) _given.AddRange(Swarm.Nodes);
    }

    protected override void EndProcessing()
    {
        var access = Access;
        var api = Mode == FirewallMode.Ufw ? OptionalApi : Api;
        var given = _given.ToList();
        var tag = SwarmTag;
        try
        {
            RunOffPipeline(async (queue, ct) =>
            {
                var observer = new SwarmObserver(queue, "Removing the swarm's firewall", ct);
                if (Mode != FirewallMode.Cloud)
                {
                    var connect = NodeHosts.Via(access, queue);
                    var locator = new ManagerLocator(Manager, api, tag, connect, observer);
                    var droplets = await locator.DropletsAsync(given, ct).ConfigureAwait(false);
                    var manager = await locator.FindAsync(droplets, null, ct).ConfigureAwait(false);
                    var members = await manager.MembersAsync(ct).ConfigureAwait(false);
                    // The policy kept in the swarm goes too, or the next join would apply it again.
                    await new MemberFirewalls(members, droplets, (node, c) => node.Id == manager.Node.Id ? Task.FromResult(manager) : NodeReach.ConnectWithinAsync(connect, node, NodeReach.Member, c), observer)
                        .RemoveLayerAsync(manager, (node, change, state) => observer.ShouldProcessAsync(node.Name, "ufw: " + string.Join("; ", change.Steps())),
                            () => observer.ShouldProcessAsync(manager.Name, "Forget the firewall policy kept in the swarm (its docker config)"), ct).ConfigureAwait(false);
                }
                if (Mode != FirewallMode.Ufw)
                {
                    var removed = await CloudFirewall.RemoveAsync(api!, tag, what => observer.ShouldProcessAsync("cloud firewall " + CloudFirewall.NameFor(tag), what), ct).ConfigureAwait(false);
                    if (removed != null) observer.Verbose($"Deleted cloud firewall {removed.Name} ({removed.Id}).");
                }
                observer.Completed();
                return true;
            });
        }
        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
