using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// What a host's firewall is, read in one command (<see cref="ReadCommand"/>): ufw's status and
/// default policy, its rules (from ufw's own rules files: exact, where `ufw status` is for people),
/// the policy the module kept there, the DOCKER-USER chain and the block that fills it, the
/// interfaces that carry the node's addresses, and the address this SSH session comes from.
/// </summary>
public sealed class HostFirewallState
{
    public const string ReadCommand =
        "if ! command -v ufw >/dev/null; then echo '@@no-ufw'; fi; " +
        "ufw status verbose 2>/dev/null; " +
        "echo '@@rules'; cat /etc/ufw/user.rules /etc/ufw/user6.rules 2>/dev/null | grep '^### tuple'; " +
        "echo '@@policy'; cat " + FirewallPolicy.PolicyFile + " 2>/dev/null; echo; " +
        "echo '@@docker-user'; iptables -S DOCKER-USER 2>/dev/null; " +
        "echo '@@chain'; iptables -S " + PublishedPortFilter.Chain + " 2>/dev/null; " +
        "echo '@@hook'; [ -x " + PublishedPortFilter.HookFile + " ] && grep -c '^" + PublishedPortFilter.HookBegin + "$' " + PublishedPortFilter.HookFile + " 2>/dev/null; " +
        "echo '@@block'; sed -n '/^" + PublishedPortFilter.Begin + "$/,/^" + PublishedPortFilter.End + "$/p' /etc/ufw/after.rules 2>/dev/null; " +
        "echo '@@interfaces'; ip -o -4 addr show 2>/dev/null | awk '{print $2, $4}'; " +
        "echo '@@client'; echo \"$SSH_CLIENT\"; " +
        "echo '@@swarm-policy'; " + SwarmPolicyConfig.ReadCommand;

    private static readonly Regex InterfaceName = new Regex("^[A-Za-z0-9_.-]{1,15}$");

    public bool HasUfw { get; private set; } = true;
    public bool IsActive { get; private set; }
    /// <summary>"deny" on a 1-Click image; "allow" or unknown elsewhere.</summary>
    public string DefaultIncoming { get; private set; } = "";
    public IReadOnlyList<UfwRule> Rules { get; private set; } = Array.Empty<UfwRule>();
    /// <summary>The policy kept on this host (its file): what this node was last brought in line with.</summary>
    public FirewallPolicy? Policy { get; private set; }
    public string PolicyJson { get; private set; } = "";
    /// <summary>The policy kept in the swarm (a Docker config; read on managers only); empty elsewhere or when none was kept.</summary>
    public string SwarmPolicyJson { get; private set; } = "";

    /// <summary>The policy joins and removals apply: the swarm's, else (a swarm set before it was kept there) this host's, else members-only.</summary>
    public FirewallPolicy KeptPolicy => FirewallPolicy.FromJson(SwarmPolicyJson) ?? Policy ?? FirewallPolicy.MembersOnly();
    /// <summary>`iptables -S DOCKER-USER` (empty when Docker has not made the chain): shared with Docker, ufw-docker and the user.</summary>
    public IReadOnlyList<string> DockerUserChain { get; private set; } = Array.Empty<string>();
    /// <summary>`iptables -S swarmtools-published`: the module's own chain (empty when it is not loaded).</summary>
    public IReadOnlyList<string> PublishedChain { get; private set; } = Array.Empty<string>();
    /// <summary>Does ufw's after.init put the jump back when ufw starts (it is there and executable)?</summary>
    public bool HasHook { get; private set; }
    /// <summary>The block the module keeps in after.rules (null when there is none).</summary>
    public string? PublishedPortBlock { get; private set; }
    /// <summary>interface → IPv4 addresses.</summary>
    public IReadOnlyDictionary<string, string[]> Interfaces { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>The address this SSH session comes from, as the host sees it (from SSH_CLIENT).</summary>
    public string? ClientAddress { get; private set; }

    /// <summary>Is the ssh limit of the 1-Click image there? The module then keeps `limit` on 22.</summary>
    public bool SshLimited => Rules.Any(r => r.IsOnPort(FirewallPlan.SshPort) && r.Action == "limit");

    /// <summary>The interfaces holding any of these addresses (the node's public and VPC ones).</summary>
    public IEnumerable<string> InterfacesOf(IEnumerable<string?> addresses)
    {
        var wanted = addresses.Where(a => a != null).ToList();
        return Interfaces.Where(i => i.Value.Any(wanted.Contains)).Select(i => i.Key).OrderBy(n => n, StringComparer.Ordinal);
    }

    /// <summary>
    /// The block is in force and will be again after a boot: our chain holds its rules (same count), DOCKER-USER
    /// jumps to it exactly once, after.init puts the jump back, and no rule of an earlier version's block is left in DOCKER-USER.
    /// </summary>
    public bool PublishedPortBlockLoaded =>
        PublishedChain.Count(l => l.StartsWith("-A " + PublishedPortFilter.Chain + " ", StringComparison.Ordinal)) == PublishedPortFilter.RuleCount(PublishedPortBlock)
        && DockerUserChain.Count(l => l == PublishedPortFilter.Jump) == 1 && HasHook && PublishedPortFilter.LegacyRules(PublishedPortBlock).Count == 0;

    public static HostFirewallState Parse(string output)
    {
        var sections = Sections(output);
        var state = new HostFirewallState();
        var status = sections[""];
        state.HasUfw = !status.Contains("@@no-ufw");
        state.IsActive = status.Any(l => l.StartsWith("Status: active", StringComparison.Ordinal));
        var defaults = status.FirstOrDefault(l => l.StartsWith("Default:", StringComparison.Ordinal)) ?? "";
        var m = Regex.Match(defaults, @"(\w+) \(incoming\)");
        state.DefaultIncoming = m.Success ? m.Groups[1].Value : "";
        state.Rules = Merge(sections["@@rules"].Select(UfwRule.FromTuple).Where(r => r != null).Select(r => r!));
        state.PolicyJson = string.Join("\n", sections["@@policy"]).Trim();
        state.Policy = FirewallPolicy.FromJson(state.PolicyJson);
        state.DockerUserChain = sections["@@docker-user"].Where(l => l.Length > 0).ToList();
        state.PublishedChain = sections["@@chain"].Where(l => l.Length > 0).ToList();
        state.HasHook = sections["@@hook"].Any(l => l.Trim() == "1");
        var block = string.Join("\n", sections["@@block"]).Trim();
        state.PublishedPortBlock = block.Length == 0 ? null : block + "\n";
        state.Interfaces = sections["@@interfaces"]
            .Select(l => l.Split(' '))
            .Where(f => f.Length == 2 && InterfaceName.IsMatch(f[0]))
            .GroupBy(f => f[0], f => f[1].Split('/')[0])
            .ToDictionary(g => g.Key, g => g.ToArray());
        state.ClientAddress = FirewallPlan.ClientAddress(string.Join("\n", sections["@@client"]));
        state.SwarmPolicyJson = SwarmPolicyConfig.Parse(sections["@@swarm-policy"]);
        return state;
    }

    /// <summary>A copy after <paramref name="change"/> was applied, so later rounds of the same run need no new read.</summary>
    public HostFirewallState After(FirewallChange change) => new HostFirewallState
    {
        HasUfw = HasUfw,
        IsActive = IsActive || change.Enable,
        DefaultIncoming = change.DenyIncoming ? "deny" : DefaultIncoming,
        Rules = Rules.Except(change.Delete).Concat(change.Add).ToList(),
        Policy = change.PolicyJson is null ? Policy : FirewallPolicy.FromJson(change.PolicyJson),
        PolicyJson = change.PolicyJson ?? PolicyJson,
        DockerUserChain = change.PublishedPortBlock is null && !change.RemovePublishedPortBlock ? DockerUserChain
            : new[] { DockerUserChain.FirstOrDefault(l => l.StartsWith("-N", StringComparison.Ordinal)) ?? "-N DOCKER-USER" }
                .Concat(change.PublishedPortBlock is null ? Array.Empty<string>() : new[] { PublishedPortFilter.Jump })
                .Concat(DockerUserChain.Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && l != PublishedPortFilter.Jump
                                                   && !PublishedPortFilter.LegacyRules(PublishedPortBlock).Contains(l)))
                .ToList(),
        PublishedChain = change.PublishedPortBlock is null ? (change.RemovePublishedPortBlock ? Array.Empty<string>() : PublishedChain)
            : change.PublishedPortBlock.Split('\n').Where(l => l.StartsWith("-A " + PublishedPortFilter.Chain + " ", StringComparison.Ordinal)).ToList(),
        HasHook = change.PublishedPortBlock != null || (!change.RemovePublishedPortBlock && HasHook),
        PublishedPortBlock = change.RemovePublishedPortBlock ? null : change.PublishedPortBlock ?? PublishedPortBlock,
        Interfaces = Interfaces,
        ClientAddress = ClientAddress,
        SwarmPolicyJson = SwarmPolicyJson,
    };

    // A rule from anywhere is written twice by ufw (IPv4 and IPv6 files): one rule for us.
    private static List<UfwRule> Merge(IEnumerable<UfwRule> rules) => rules.Distinct().ToList();

    private static Dictionary<string, List<string>> Sections(string output)
    {
        var names = new[] { "", "@@rules", "@@policy", "@@docker-user", "@@chain", "@@hook", "@@block", "@@interfaces", "@@client", "@@swarm-policy" };
        var sections = names.ToDictionary(n => n, _ => new List<string>());
        var current = "";
        foreach (var raw in output.Replace("\r", "").Split('\n'))
        {
            if (names.Contains(raw.Trim()) && raw.Trim().Length > 0) { current = raw.Trim(); continue; }
            sections[current].Add(raw);
        }
        return sections;
    }
}
