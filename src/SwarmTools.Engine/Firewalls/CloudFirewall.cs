using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// One DigitalOcean cloud firewall per swarm, attached by the swarm tag: the same rules as ufw
/// with the members as sources (the tag), outbound left open (apt and image pulls keep working).
/// A cloud firewall applies the same rules to every droplet it covers, so 2377 cannot be kept
/// to managers there (nothing listens on a worker's 2377; ufw keeps it closed per role), and
/// ESP cannot be expressed at all: it passes only tcp, udp and icmp, and filters VPC traffic too,
/// so encrypted overlays need -Mode Ufw.
/// </summary>
public static class CloudFirewall
{
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(120);
    private static readonly string[] Anywhere = { "0.0.0.0/0", "::/0" };

    /// <summary>The firewall's name for a swarm tag: one name per tag (<see cref="CloudFirewallName"/>).</summary>
    public static string NameFor(string swarmTag) => CloudFirewallName.For(swarmTag);

    public static Firewall Desired(string swarmTag, FirewallPolicy policy)
    {
        RuleEndpoints Sources(IReadOnlyList<string> sources) => new RuleEndpoints { Addresses = Cloud(sources) };
        var members = policy.SwarmSources is null ? new RuleEndpoints { Tags = new List<string> { swarmTag } } : Sources(policy.SwarmSources);
        var inbound = new List<InboundRule>
        {
            new InboundRule { Protocol = "tcp", Ports = "22", Sources = Sources(policy.SshSources) },
            new InboundRule { Protocol = "tcp", Ports = FirewallPlan.ManagementPort.ToString(), Sources = members },
            new InboundRule { Protocol = "tcp", Ports = FirewallPlan.GossipPort.ToString(), Sources = members },
            new InboundRule { Protocol = "udp", Ports = FirewallPlan.GossipPort.ToString(), Sources = members },
            new InboundRule { Protocol = "udp", Ports = FirewallPlan.OverlayPort.ToString(), Sources = members },
        };
        // A load balancer is named by its id (load_balancer_uids); the hosts admit its VPC range instead (FirewallPolicy.LoadBalancerRanges).
        RuleEndpoints AllowSources() => new RuleEndpoints
        {
            Addresses = policy.AllowPortAddresses.Count == 0 ? null : Cloud(policy.AllowPortAddresses),
            LoadBalancerUids = policy.LoadBalancers.Count == 0 ? null : policy.LoadBalancers.ToList(),
        };
        inbound.AddRange(policy.AllowPorts.Select(p => new InboundRule { Protocol = p.Protocol, Ports = p.CloudPorts, Sources = AllowSources() }));
        var firewall = new Firewall
        {
            Name = NameFor(swarmTag),
            InboundRules = inbound,
            // ICMP carries no ports: DigitalOcean refuses "0" and "all" there (422).
            OutboundRules = new[] { "tcp", "udp", "icmp" }
                .Select(p => new OutboundRule { Protocol = p, Ports = p == "icmp" ? null : "all", Destinations = new RuleEndpoints { Addresses = Anywhere.ToList() } }).ToList(),
            Tags = new List<string> { swarmTag },
        };
        CloudFirewallLimits.Check(firewall);
        return firewall;
    }

    /// <summary>
    /// The swarm's firewall, if it has one: the one with its name, else one of the module's
    /// (named swarmtools-…, e.g. under an earlier naming) that covers the swarm tag.
    /// </summary>
    public static async Task<Firewall?> FindAsync(DigitalOceanClient api, string swarmTag, CancellationToken ct) =>
        Pick(await api.Firewalls.ListAsync(ct).ConfigureAwait(false), swarmTag);

    public static Firewall? Pick(IReadOnlyList<Firewall> firewalls, string swarmTag) =>
        firewalls.FirstOrDefault(f => f.Name == NameFor(swarmTag))
        ?? firewalls.FirstOrDefault(f => f.Name.StartsWith(CloudFirewallName.Prefix, StringComparison.Ordinal) && f.Tags.Contains(swarmTag, StringComparer.OrdinalIgnoreCase));

    /// <summary>True when the firewall covers exactly this swarm's droplets: its tag, nothing else.</summary>
    public static bool IsOnlyFor(Firewall firewall, string swarmTag) =>
        firewall.DropletIds.Count == 0 && firewall.Tags.Count == 1 && string.Equals(firewall.Tags[0], swarmTag, StringComparison.OrdinalIgnoreCase);

    /// <summary>Firewalls that already cover the tag (a new droplet under it gets their rules at once).</summary>
    public static async Task<IReadOnlyList<Firewall>> CoveringAsync(DigitalOceanClient api, string swarmTag, CancellationToken ct) =>
        (await api.Firewalls.ListAsync(ct).ConfigureAwait(false)).Where(f => f.Tags.Contains(swarmTag, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// Deletes the swarm's firewall once its droplets are gone. Returns the firewall found (null
    /// when there is none) and whether it was deleted: one that covers more than the swarm is kept.
    /// </summary>
    public static async Task<(Firewall? Found, bool Deleted)> DeleteAsync(DigitalOceanClient api, string swarmTag, CancellationToken ct)
    {
        var found = await FindAsync(api, swarmTag, ct).ConfigureAwait(false);
        if (found is null || !IsOnlyFor(found, swarmTag)) return (found, false);
        try { await api.Firewalls.DeleteAsync(found.Id!, ct).ConfigureAwait(false); }
        catch (DigitalOceanException e) when (e.IsNotFound) { }
        return (found, true);
    }

    /// <summary>
    /// Creates the swarm's firewall or replaces it in place (never a second one), then waits for
    /// it to be in force. <paramref name="confirm"/> sees what would be done first (-WhatIf).
    /// Returns null when nothing had to change.
    /// </summary>
    public static async Task<Firewall?> EnsureAsync(DigitalOceanClient api, string swarmTag, FirewallPolicy policy,
        Func<string, Task<bool>> confirm, Action<string> progress, CancellationToken ct)
    {
        var desired = Desired(swarmTag, policy);
        var current = await FindAsync(api, swarmTag, ct).ConfigureAwait(false);
        if (current != null && !IsOnlyFor(current, swarmTag))
            throw new SwarmToolsException(ErrorIds.CloudFirewallNotOurs, FailureKind.InvalidOperation,
                $"Cloud firewall {current.Name} ({current.Id}) covers {Covered(current)}, not just the droplets tagged {swarmTag}: replacing it would change what it protects. " +
                $"Rename or delete it (or take the other tags off it) in the control panel, or use another -SwarmTag. Nothing was changed in the cloud.", current.Name);
        Firewall written;
        if (current is null)
        {
            if (!await confirm($"Create cloud firewall {desired.Name} for the droplets tagged {swarmTag}").ConfigureAwait(false)) return null;
            written = await api.Firewalls.CreateAsync(desired, ct).ConfigureAwait(false);
        }
        else if (Same(current, desired) && current.Status != "failed") return null;
        else
        {
            if (!await confirm($"Update cloud firewall {desired.Name} ({current.Id}) in place").ConfigureAwait(false)) return null;
            written = await api.Firewalls.ReplaceAsync(current.Id!, desired, ct).ConfigureAwait(false);
        }
        return await SettledAsync(api, written, progress, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Remove-SwarmFirewall: deletes the swarm's firewall once <paramref name="confirm"/> agrees; one
    /// that covers more than the swarm is refused (CloudFirewallNotOurs). Returns what was deleted.
    /// </summary>
    public static async Task<Firewall?> RemoveAsync(DigitalOceanClient api, string swarmTag, Func<string, Task<bool>> confirm, CancellationToken ct)
    {
        var found = await FindAsync(api, swarmTag, ct).ConfigureAwait(false);
        if (found is null) return null;
        if (!IsOnlyFor(found, swarmTag))
            throw new SwarmToolsException(ErrorIds.CloudFirewallNotOurs, FailureKind.InvalidOperation,
                $"Cloud firewall {found.Name} ({found.Id}) covers {Covered(found)}, not just the droplets tagged {swarmTag}, so it was not deleted: other droplets depend on it. Delete it in the control panel if nothing else needs it.", found.Name);
        if (!await confirm($"Delete cloud firewall {found.Name} ({found.Id}) of the droplets tagged {swarmTag}").ConfigureAwait(false)) return null;
        try { await api.Firewalls.DeleteAsync(found.Id!, ct).ConfigureAwait(false); }
        catch (DigitalOceanException e) when (e.IsNotFound) { }
        return found;
    }

    private static async Task<Firewall> SettledAsync(DigitalOceanClient api, Firewall firewall, Action<string> progress, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + SettleWithin;
        while (firewall.Status != "succeeded")
        {
            if (firewall.Status == "failed")
                throw new SwarmToolsException(ErrorIds.CloudFirewallFailed, FailureKind.InvalidOperation,
                    $"DigitalOcean could not apply cloud firewall {firewall.Name} ({firewall.Id}): its status is 'failed'. Check it in the control panel, then run Set-SwarmFirewall again.", firewall.Name);
            if (DateTimeOffset.UtcNow > deadline)
                throw new SwarmToolsException(ErrorIds.CloudFirewallTimeout, FailureKind.Timeout,
                    $"Cloud firewall {firewall.Name} ({firewall.Id}) is still '{firewall.Status}' after {SettleWithin.TotalSeconds:0} s. It exists; run Set-SwarmFirewall again to wait for it.", firewall.Name);
            progress($"Waiting for cloud firewall {firewall.Name} to be in force ({firewall.Status})");
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            firewall = await api.Firewalls.FindAsync(firewall.Id!, ct).ConfigureAwait(false)
                ?? throw new SwarmToolsException(ErrorIds.CloudFirewallGone, FailureKind.NotFound, $"Cloud firewall {firewall.Name} ({firewall.Id}) disappeared while it was being applied.", firewall.Name);
        }
        return firewall;
    }

    private static string Covered(Firewall f) =>
        string.Join(", ", f.Tags.Select(t => "tag " + t).Concat(f.DropletIds.Select(d => "droplet " + d))) is { Length: > 0 } what ? what : "nothing";

    private static List<string> Cloud(IEnumerable<string> sources) =>
        sources.SelectMany(s => s == FirewallSource.Anywhere ? Anywhere : new[] { s }).ToList();

    /// <summary>Same rules and members, whatever the order the API returns them in.</summary>
    public static bool Same(Firewall a, Firewall b) =>
        Key(a.InboundRules.Select(r => (r.Protocol, r.Ports, r.Sources))) == Key(b.InboundRules.Select(r => (r.Protocol, r.Ports, r.Sources)))
        && Key(a.OutboundRules.Select(r => (r.Protocol, r.Ports, r.Destinations))) == Key(b.OutboundRules.Select(r => (r.Protocol, r.Ports, r.Destinations)))
        && a.Name == b.Name
        && string.Join(",", a.Tags.OrderBy(t => t, StringComparer.Ordinal)) == string.Join(",", b.Tags.OrderBy(t => t, StringComparer.Ordinal))
        && string.Join(",", a.DropletIds.OrderBy(d => d)) == string.Join(",", b.DropletIds.OrderBy(d => d));

    // Read back, "all" and a port-less icmp rule both show "0".
    private static string Key(IEnumerable<(string Protocol, string? Ports, RuleEndpoints Ends)> rules) =>
        string.Join(";", rules.Select(r => $"{r.Protocol}|{(r.Ports is null or "all" ? "0" : r.Ports)}|{Ends(r.Ends)}").OrderBy(k => k, StringComparer.Ordinal));

    private static string Ends(RuleEndpoints e) =>
        string.Join(",", (e.Addresses ?? new List<string>()).OrderBy(x => x, StringComparer.Ordinal)) + "/" +
        string.Join(",", (e.DropletIds ?? new List<long>()).OrderBy(x => x)) + "/" +
        string.Join(",", (e.Tags ?? new List<string>()).OrderBy(x => x, StringComparer.Ordinal)) + "/" +
        string.Join(",", (e.LoadBalancerUids ?? new List<string>()).OrderBy(x => x, StringComparer.Ordinal));
}
