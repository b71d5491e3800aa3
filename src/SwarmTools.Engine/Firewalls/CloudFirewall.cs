using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.DigitalOcean;
using SwarmTools.DigitalOcean.Models;

namespace SwarmTools.Firewalls
{
    /// <summary>
    /// One DigitalOcean cloud firewall per swarm, attached by the swarm tag: the same rules as ufw
    /// with the members as sources (the tag), outbound left open (apt and image pulls keep working).
    /// A cloud firewall applies the same rules to every droplet it covers, so 2377 cannot be kept
    /// to managers there (nothing listens on a worker's 2377; ufw keeps it closed per role), and
    /// ESP cannot be expressed at all (encrypted overlays need the host rule: -Mode Both).
    /// </summary>
    public static class CloudFirewall
    {
        private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(120);
        private static readonly string[] Anywhere = { "0.0.0.0/0", "::/0" };

        /// <summary>The firewall's name for a swarm tag (firewall names allow letters, digits, '.' and '-').</summary>
        public static string NameFor(string swarmTag) => "swarmtools-" + Regex.Replace(swarmTag, "[^A-Za-z0-9.-]", "-");

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
            inbound.AddRange(policy.AllowPorts.Select(p => new InboundRule { Protocol = p.Protocol, Ports = p.CloudPorts, Sources = Sources(new[] { FirewallSource.Anywhere }) }));
            return new Firewall
            {
                Name = NameFor(swarmTag),
                InboundRules = inbound,
                OutboundRules = new[] { "tcp", "udp", "icmp" }
                    .Select(p => new OutboundRule { Protocol = p, Ports = p == "icmp" ? "0" : "all", Destinations = new RuleEndpoints { Addresses = Anywhere.ToList() } }).ToList(),
                Tags = new List<string> { swarmTag },
            };
        }

        /// <summary>The swarm's firewall, if it has one.</summary>
        public static async Task<Firewall?> FindAsync(DigitalOceanClient api, string swarmTag, CancellationToken ct) =>
            (await api.Firewalls.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(f => f.Name == NameFor(swarmTag));

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

        private static List<string> Cloud(IEnumerable<string> sources) =>
            sources.SelectMany(s => s == FirewallSource.Anywhere ? Anywhere : new[] { s }).ToList();

        /// <summary>Same rules and members, whatever the order the API returns them in.</summary>
        public static bool Same(Firewall a, Firewall b) =>
            Key(a.InboundRules.Select(r => (r.Protocol, r.Ports, r.Sources))) == Key(b.InboundRules.Select(r => (r.Protocol, r.Ports, r.Sources)))
            && Key(a.OutboundRules.Select(r => (r.Protocol, r.Ports, r.Destinations))) == Key(b.OutboundRules.Select(r => (r.Protocol, r.Ports, r.Destinations)))
            && string.Join(",", a.Tags.OrderBy(t => t, StringComparer.Ordinal)) == string.Join(",", b.Tags.OrderBy(t => t, StringComparer.Ordinal))
            && string.Join(",", a.DropletIds.OrderBy(d => d)) == string.Join(",", b.DropletIds.OrderBy(d => d));

        private static string Key(IEnumerable<(string Protocol, string Ports, RuleEndpoints Ends)> rules) =>
            string.Join(";", rules.Select(r => $"{r.Protocol}|{(r.Ports == "all" ? "0" : r.Ports)}|{Ends(r.Ends)}").OrderBy(k => k, StringComparer.Ordinal));

        private static string Ends(RuleEndpoints e) =>
            string.Join(",", (e.Addresses ?? new List<string>()).OrderBy(x => x, StringComparer.Ordinal)) + "/" +
            string.Join(",", (e.DropletIds ?? new List<long>()).OrderBy(x => x)) + "/" +
            string.Join(",", (e.Tags ?? new List<string>()).OrderBy(x => x, StringComparer.Ordinal));
    }
}
