using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Closes the swarm to everyone but its members: the walkthrough's last step, done declaratively.</summary>
/// <remarks>
/// <para>On every member, ufw allows 22/tcp (from -SshSource), 2377/tcp on managers, 7946/tcp+udp
/// and 4789/udp, the swarm ports only from the members' own addresses; it denies the rest and
/// closes the 1-Click image's 2375/2376. Ports that containers publish reach only members and the
/// -AllowPort ports (the DOCKER-USER chain), unless -PublishedPorts Open. -From scopes the -AllowPort
/// ports to those sources, in ufw, in that chain and in the cloud firewall; -FromLoadBalancer to a
/// DigitalOcean load balancer.</para>
/// <para>-Mode Cloud puts one DigitalOcean cloud firewall in front of the swarm, attached by the swarm
/// tag; -Mode Both does both. Rules the module owns carry the comment 'swarmtools': other rules are
/// left alone, and a re-run changes nothing. Joins, removals and role changes keep every member's
/// rules in step afterwards.</para>
/// </remarks>
/// <note>An -SshSource that excludes the address this session connects from is refused
/// (SshSourceExcludesYou) unless -Force, in every mode, before anything changes: the module's next
/// connection would be refused too, and no cmdlet could repair it.</note>
/// <note>-Source Anywhere reproduces the walkthrough's rules and opens 4789/udp (unauthenticated
/// VXLAN) to the internet; the cmdlet warns. A cloud firewall cannot express ESP, which encrypted
/// overlay networks need, and it filters VPC traffic too: -EncryptedOverlay with -Mode Cloud or
/// Both is refused (EncryptedOverlayNeedsUfw). A cloud firewall larger than DigitalOcean allows
/// is refused before anything is sent (CloudFirewallTooLarge), and one with this swarm's name
/// that covers other droplets too is never replaced (CloudFirewallNotOurs).</note>
/// <note>A mode switch converges the other layer to absent, with Remove-SwarmFirewall's own code: -Mode Ufw
/// after Cloud or Both deletes the swarm's cloud firewall once every member is filtered by ufw (kept, with a
/// warning, while a member failed); -Mode Cloud after Ufw or Both takes the host layer away (the module's ufw
/// rules except the members' swarm-port rules and its SSH rules, its DOCKER-USER chain and after.rules block, the kept policy)
/// once the cloud firewall is in force. Each change passes -WhatIf/-Confirm, and the switch asks once
/// (ShouldContinue) unless -RemoveOtherLayer; answered no, or in a session where nobody can answer, the
/// other layer stays and a warning says so. -Force does not answer that question: it only skips the
/// lock-out check, so that a script skipping one safety check never skips the other. With -InputObject
/// (some members only) neither layer is switched.</note>
/// <note>-FromLoadBalancer: the cloud firewall's rule names the load balancer (load_balancer_uids). On the
/// hosts the port opens to the load balancer's VPC range (GET /v2/vpcs/{id}: ip_range), since DigitalOcean
/// publishes only a load balancer's public addresses, not the VPC address it forwards from: narrower than
/// anywhere, wider than the load balancer (every droplet in that VPC reaches the port too); -Verbose says
/// so. The load balancer must exist (LoadBalancerNotFound) and be in the swarm's VPC
/// (LoadBalancerOutsideSwarmVpc), checked before anything changes.</note>
/// <note>On a node adopted from docker-machine (Import-SwarmNode -DockerMachine), closing 2376/tcp ends
/// docker-machine env, whose TLS engine listened there: the cmdlet warns first and points to
/// Use-SwarmNode; -AllowPort 2376/tcp keeps it open.</note>
/// <seealso cref="GetSwarmFirewall"/>
/// <seealso cref="InitializeSwarm"/>
/// <seealso cref="ImportSwarmNode"/>
[Cmdlet(VerbsCommon.Set, "SwarmFirewall", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BySwarm)]
[OutputType(typeof(Swarm))]
public sealed class SetSwarmFirewall : SwarmMemberCmdlet
{
    private const string BySwarm = "BySwarm";
    private const string ByNode = "ByNode";
    private readonly List<SwarmNode> _given = new List<SwarmNode>();
    private readonly List<SwarmNode> _targets = new List<SwarmNode>();
    private FirewallPolicy _policy = new FirewallPolicy();

    /// <summary>The swarm (from Initialize-Swarm or Get-Swarm). Default: the swarm of the droplets tagged -SwarmTag.</summary>
    [Parameter(ValueFromPipeline = true, Position = 0, ParameterSetName = BySwarm)]
    public Swarm? Swarm { get; set; }

    /// <summary>Only these members' host firewalls are set (the rules still name every member).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByNode)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>Ufw (the default), Cloud (a DigitalOcean firewall for the swarm tag) or Both.</summary>
    [Parameter]
    public FirewallMode Mode { get; set; } = FirewallMode.Ufw;

    /// <summary>Where SSH (22/tcp) may come from: Anywhere (the default), addresses or CIDR ranges.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] SshSource { get; set; } = { "Anywhere" };

    /// <summary>Where the swarm ports may come from instead of the members' own addresses: CIDR ranges, or Anywhere (the walkthrough's rules; 4789 then is open to the internet).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Source { get; set; }

    /// <summary>Allows ESP (IP protocol 50) between members, which --opt encrypted overlay networks need (-Mode Ufw only: a cloud firewall cannot pass ESP).</summary>
    [Parameter]
    public SwitchParameter EncryptedOverlay { get; set; }

    /// <summary>Application ports open to anyone, e.g. 80, 443/tcp, 8000-9000/tcp, 53/udp (2375/2376 stay closed unless listed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] AllowPort { get; set; } = Array.Empty<string>();

    /// <summary>Where the -AllowPort ports may be reached from instead of anywhere: IPv4 addresses or CIDR ranges (ufw, the published-ports filter and the cloud firewall alike).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? From { get; set; }

    /// <summary>DigitalOcean load balancers (their ids) that may reach the -AllowPort ports, alone or with -From. The cloud firewall names each one (load_balancer_uids); on the hosts, which cannot see which VPC address a load balancer forwards from (DigitalOcean does not publish it), the ports open to its VPC's whole range. It must be in the swarm's VPC.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LoadBalancerCompleter))]
    public string[]? FromLoadBalancer { get; set; }

    /// <summary>Filtered (the default): ports that containers publish reach only members and -AllowPort ports. Open: anyone, as Docker leaves them.</summary>
    [Parameter]
    public PublishedPortAccess PublishedPorts { get; set; } = PublishedPortAccess.Filtered;

    /// <summary>Applies an -SshSource that excludes the address this session connects from (its next connection will be refused). It does not answer the question a mode switch asks: that is -RemoveOtherLayer, so that skipping one safety check never skips the other.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>A mode switch removes the other layer's module-owned state without asking first: with -Mode Ufw the swarm's cloud firewall, with -Mode Cloud the host rules, chain, after.rules block and kept policy. -WhatIf and -Confirm still apply.</summary>
    [Parameter]
    public SwitchParameter RemoveOtherLayer { get; set; }

    /// <summary>Emits the swarm afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (Swarm != null) _given.AddRange(Swarm.Nodes);
        _targets.AddRange(InputObject);
    }

    protected override void EndProcessing()
    {
        var policy = _policy;
        var access = Access;
        var api = Mode == FirewallMode.Ufw && policy.LoadBalancers.Count == 0 ? OptionalApi : Api;
        var given = _given.Concat(_targets).ToList();
        var targets = _targets.Select(t => t.Id).ToList();
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent;
        var cloudDeclined = false;
        try
        {
            var swarm = RunOffPipeline(async (queue, ct) =>
            {
                var observer = new SwarmObserver(queue, "Setting the swarm's firewall", ct);
                var connect = NodeHosts.Via(access, queue);
                var locator = new ManagerLocator(Manager, api, SwarmTag, connect, observer);
                var droplets = await locator.DropletsAsync(given, ct).ConfigureAwait(false);
                if (policy.LoadBalancers.Count > 0) // bad input: refused before anything changes
                    policy.LoadBalancerRanges = await LoadBalancerSources.RangesAsync(api!, policy.LoadBalancers, droplets, queue.Verbose, ct).ConfigureAwait(false);
                var manager = await locator.FindAsync(droplets, null, ct).ConfigureAwait(false);
                // No lock-out in any mode: asked once, on the session already held, before anything changes anywhere.
                if (!Force) RefuseLockOut(manager.Node, FirewallPlan.ClientAddress(await manager.ReadAsync(FirewallPlan.ClientAddressCommand, ct).ConfigureAwait(false)));
                var members = await manager.MembersAsync(ct).ConfigureAwait(false);
                // What exists now under the tag: a Swarm object from earlier may name droplets deleted since (departed members).
                var existing = api is null ? null : (await api.Droplets.ListByTagAsync(SwarmTag, ct).ConfigureAwait(false)).Select(d => d.Id).ToList();
                var hosts = new MemberFirewalls(members, droplets, (node, c) => node.Id == manager.Node.Id ? Task.FromResult(manager) : NodeReach.ConnectWithinAsync(connect, node, NodeReach.Member, c), observer, existing);
                var hostsFailed = 0;
                if (Mode != FirewallMode.Cloud)
                    hostsFailed = await hosts.ConvergeAsync(policy, targets.Count > 0 ? targets : null, ct, (node, change, state) => ConfirmAsync(node, change, state, observer)).ConfigureAwait(false);
                // The policy is kept in the swarm itself, so that a join or removal through any manager applies the same.
                if (Mode != FirewallMode.Cloud)
                    await new SwarmFirewall(() => Array.Empty<string>()).KeepAsync(manager, policy,
                        () => observer.ShouldProcessAsync(manager.Name, "Keep the firewall policy in the swarm (a docker config every manager reads)"), ct).ConfigureAwait(false);
                var layerSwitch = new LayerSwitch(queue, observer, Mode, SwarmTag, RemoveOtherLayer, ct);
                // Ufw after Cloud or Both: the cloud firewall goes, once every host is filtered (never a window with neither layer).
                if (Mode == FirewallMode.Ufw && targets.Count == 0)
                    await layerSwitch.RemoveCloudAsync(api, hostsFailed, ct).ConfigureAwait(false);
                // A host that sees this client elsewhere refused (its error says so): the cloud firewall is not written with that source either.
                if (Mode == FirewallMode.Both && _refusedOnAHost)
                    observer.Warning($"The cloud firewall {CloudFirewall.NameFor(SwarmTag)} was not written: a member refused -SshSource {string.Join(", ", SshSource)} (see its error). Fix -SshSource, or pass -Force, and run Set-SwarmFirewall again.");
                else if (Mode != FirewallMode.Ufw)
                    await CloudFirewall.EnsureAsync(api!, SwarmTag, policy, async what =>
                    {
                        var yes = await observer.ShouldProcessAsync("cloud firewall " + CloudFirewall.NameFor(SwarmTag), what).ConfigureAwait(false);
                        cloudDeclined = !yes && !whatIf;
                        return yes;
                    }, observer.Progress, ct).ConfigureAwait(false);
                // Cloud after Ufw or Both: the host layer goes once the cloud firewall is in force (EnsureAsync waited for it), never when it was declined.
                if (Mode == FirewallMode.Cloud && !cloudDeclined && targets.Count == 0)
                    await layerSwitch.RemoveHostsAsync(hosts, manager, ct).ConfigureAwait(false);
                observer.Completed();
                return SwarmReader.Describe((await manager.StateAsync(ct).ConfigureAwait(false)).ClusterId ?? "", members, droplets);
            });
            if (PassThru) WriteObject(swarm);
        }
        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }

    private volatile bool _refusedOnAHost;

    private Task<bool> ConfirmAsync(SwarmNode node, FirewallChange change, HostFirewallState state, SwarmObserver observer)
    {
        // Each host is asked again: one reached another way (a bastion, a VPN) may see this client elsewhere.
        if (!Force && FirewallPlan.LocksOut(_policy, state))
        {
            _refusedOnAHost = true;
            RefuseLockOut(node, state.ClientAddress);
        }
        WarnOfDockerMachineEnv(node, change, observer);
        return observer.ShouldProcessAsync(node.Name, "ufw: " + string.Join("; ", change.Steps()));
    }

    /// <summary>
    /// A node adopted from docker-machine loses the TLS engine port its `docker-machine env` used: said
    /// before it happens, with the replacement (and how to keep the port).
    /// </summary>
    private static void WarnOfDockerMachineEnv(SwarmNode node, FirewallChange change, SwarmObserver observer)
    {
        if (!SwarmTools.Engine.Nodes.DockerMachineStore.IsMachineKey(node.IdentityFile) || !change.Delete.Any(r => r.IsOnPort(DockerMachineEnginePort))) return;
        observer.Warning($"{node.Name} came from docker-machine: closing {DockerMachineEnginePort}/tcp, where its Docker engine listens with TLS, ends `docker-machine env {node.Name}`. " +
                         $"Use-SwarmNode points the docker CLI at the node over SSH instead; to keep {DockerMachineEnginePort} open, pass -AllowPort {DockerMachineEnginePort}/tcp.");
    }

    private const int DockerMachineEnginePort = 2376;

    private void RefuseLockOut(SwarmNode node, string? client)
    {
        if (FirewallPlan.LocksOut(_policy, client))
            throw new SwarmToolsException(ErrorIds.SshSourceExcludesYou, FailureKind.InvalidArgument,
                $"-SshSource {string.Join(", ", SshSource)} does not include {client}, the address this session reaches {node.Name} from: the next SSH connection would be refused" +
                (Mode == FirewallMode.Ufw ? "" : ", by the cloud firewall too") + ". Nothing was changed. " +
                "Add that address to -SshSource, or pass -Force if another path (a bastion, the console) will reach the nodes.", node.Name);
    }

    /// <summary>The policy from the parameters; a bad value stops the cmdlet before anything is read or changed.</summary>
    private FirewallPolicy Policy()
    {
        try
        {
            var sources = Source?.Select(FirewallSource.Normalize).Distinct().ToArray();
            var from = From?.Select(FirewallSource.Normalize).Distinct().ToArray();
            if (from != null && AllowPort.Length == 0)
                throw new SwarmToolsException(ErrorIds.FromNeedsAllowPort, FailureKind.InvalidArgument,
                    $"-From {string.Join(", ", From!)} says where the -AllowPort ports may be reached from, and no -AllowPort was given: add -AllowPort (e.g. -AllowPort 80/tcp -From {from[0]}), or leave -From out. Nothing was changed.", "From");
            var loadBalancers = FromLoadBalancer?.Select(LoadBalancerSources.NormalizeId).Distinct().ToArray() ?? Array.Empty<string>();
            if (loadBalancers.Length > 0 && AllowPort.Length == 0)
                throw new SwarmToolsException(ErrorIds.FromNeedsAllowPort, FailureKind.InvalidArgument,
                    $"-FromLoadBalancer {string.Join(", ", loadBalancers)} says which load balancer may reach the -AllowPort ports, and no -AllowPort was given: add -AllowPort (e.g. -AllowPort 80/tcp -FromLoadBalancer {loadBalancers[0]}), or leave -FromLoadBalancer out. Nothing was changed.", "FromLoadBalancer");
            // The published-port filter is an IPv4 chain; the brief's scope is IPv4 in every mode, so ufw and the cloud agree.
            if (from?.FirstOrDefault(s => s.Contains(":")) is { } v6From)
                throw new SwarmToolsException(ErrorIds.Ipv6SourceUnsupported, FailureKind.InvalidArgument,
                    $"-From {v6From} is an IPv6 range: give IPv4 addresses or ranges. Nothing was changed.", v6From);
            // The published-port filter is an IPv4 chain: a v6 source is refused before anything is written, not half applied.
            if (PublishedPorts == PublishedPortAccess.Filtered && sources?.FirstOrDefault(s => s.Contains(":")) is { } v6)
                throw new SwarmToolsException(ErrorIds.Ipv6SourceUnsupported, FailureKind.InvalidArgument,
                    $"-Source {v6} is an IPv6 range, and the filter on published container ports (DOCKER-USER) is IPv4: give IPv4 ranges, or pass -PublishedPorts Open. Nothing was changed.", v6);
            return new FirewallPolicy
            {
                SshSources = SshSource.Select(FirewallSource.Normalize).Distinct().ToArray(),
                SwarmSources = sources,
                EncryptedOverlay = EncryptedOverlay,
                AllowPorts = AllowPort.Select(PortSpec.Parse).Distinct().ToArray(),
                // -From Anywhere is the default spelled out: kept as no -From, so the policy reads the same (with a load balancer it stays: anywhere covers it).
                AllowPortSources = from is null || (from.Contains(FirewallSource.Anywhere) && loadBalancers.Length == 0) ? null : from,
                LoadBalancers = loadBalancers,
                FilterPublishedPorts = PublishedPorts == PublishedPortAccess.Filtered,
            };
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
            throw; // not reached
        }
    }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var policy = _policy = Policy(); // bad input: refused before anything is read or changed
        if (policy.SwarmSources?.Contains(FirewallSource.Anywhere) == true)
            WriteWarning("-Source Anywhere opens the swarm ports to the internet, as the walkthrough does. 4789/udp carries unauthenticated VXLAN: anyone can inject packets into the overlay networks. Prefer the default (members only).");
        if (policy.EncryptedOverlay && Mode != FirewallMode.Ufw)
            ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException(ErrorIds.EncryptedOverlayNeedsUfw, FailureKind.InvalidArgument,
                $"-EncryptedOverlay needs -Mode Ufw: a DigitalOcean cloud firewall passes only TCP, UDP and ICMP, and it filters traffic inside the VPC too, so with -Mode {Mode} it would drop the ESP (IP protocol 50) that encrypted overlay networks carry between members. Nothing was changed.", Mode)));
        // DigitalOcean's limits are checked before anything is read or sent.
        if (Mode != FirewallMode.Ufw)
            try { CloudFirewall.Desired(SwarmTag, policy); }
            catch (SwarmToolsException e) { ThrowTerminatingError(ErrorRecords.From(e)); }
    }
}
