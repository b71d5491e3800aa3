using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Health;

/// <summary>
/// From each member, over its own SSH session and all at once: each manager's 2377/tcp and each
/// other member's 7946/tcp, as the swarm needs them. Catches firewall drift before the swarm does;
/// a member that cannot be reached over SSH is itself a finding.
/// </summary>
public sealed class SwarmPortsCheck : ISwarmCheck
{
    /// <summary>Per TCP connection tried on the node (they run side by side).</summary>
    private const int ProbeSeconds = 3;

    public string Name => "SwarmPorts";

    public async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var probers = context.Members.Select(m => (Member: m, Droplet: context.DropletOf(m)))
            .Where(p => p.Droplet?.PublicAddress != null).ToList();
        var results = await Task.WhenAll(probers.Select(p => ProbeFromAsync(context, p.Member, p.Droplet!, ct))).ConfigureAwait(false);

        var findings = new List<SwarmCheck>();
        foreach (var (from, error, _) in results.Where(r => r.Error != null))
            findings.Add(context.Finding(Name, from.Hostname, CheckStatus.Fail,
                $"{from.Hostname} could not be reached over SSH to probe the swarm ports ({error}).",
                $"Check the droplet is on and reachable (Get-SwarmNode -Name {from.Hostname}), then run Test-Swarm again."));
        var probed = results.Where(r => r.Error == null).ToList();
        var failures = probed.SelectMany(r => r.Unreached.Select(t => (From: r.From, Target: t))).ToList();
        // A port no prober reaches is down or shut on its node: one finding about that node, not one per prober.
        var shut = failures.GroupBy(f => (f.Target.Member.NodeId, f.Target.Port))
            .Where(g => g.Count() > 1 && g.Count() == probed.Count(r => r.From.NodeId != g.Key.NodeId))
            .Select(g => g.Key).ToList();
        foreach (var node in failures.Where(f => shut.Contains((f.Target.Member.NodeId, f.Target.Port))).GroupBy(f => f.Target.Member.NodeId))
        {
            var member = node.First().Target.Member;
            findings.Add(context.Finding(Name, member.Hostname, CheckStatus.Fail,
                $"No member reaches {member.Hostname} ({member.Address}) on {string.Join(", ", node.Select(f => f.Target.Port).Distinct().Select(p => p + "/tcp"))}: it is down, or its firewall refuses the swarm.",
                "If it is up: Get-SwarmFirewall shows its drift, and Set-SwarmFirewall restores the swarm's rules."));
        }
        foreach (var from in failures.Where(f => !shut.Contains((f.Target.Member.NodeId, f.Target.Port))).GroupBy(f => f.From.NodeId))
            findings.Add(context.Finding(Name, from.First().From.Hostname, CheckStatus.Fail,
                $"{from.First().From.Hostname} does not reach {string.Join(", ", from.Select(f => $"{f.Target.Member.Hostname} {f.Target.Text}/tcp"))}.",
                "A firewall between them refuses the swarm: Get-SwarmFirewall shows the drift, and Set-SwarmFirewall restores the swarm's rules."));
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"Each of the {probed.Count} members reaches every manager on 2377/tcp and every other member on 7946/tcp."));
        return findings;
    }

    internal sealed class Target
    {
        public Target(SwarmMember member, int port) { Member = member; Port = port; }
        public SwarmMember Member { get; }
        public int Port { get; }
        public string Text => $"{Member.Address}:{Port}";
    }

    /// <summary>The targets <paramref name="from"/> should reach and does not, tried on it in parallel; the error when it cannot be read itself.</summary>
    private static async Task<(SwarmMember From, string? Error, IReadOnlyList<Target> Unreached)> ProbeFromAsync(
        HealthContext context, SwarmMember from, SwarmNode droplet, CancellationToken ct)
    {
        var targets = TargetsOf(context, from);
        var (output, error) = await MemberRead.ReadAsync(context, droplet,
            (host, c) => targets.Count == 0 ? Task.FromResult("") : host.ReadAsync(ProbeScript(targets), c), ct).ConfigureAwait(false);
        if (output is null) return (from, error, Array.Empty<Target>());
        var reached = new HashSet<string>(output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l.Substring(3)));
        return (from, null, targets.Where(t => !reached.Contains(t.Text)).ToList());
    }

    private static List<Target> TargetsOf(HealthContext context, SwarmMember from) =>
        context.Members.Where(m => m.NodeId != from.NodeId && IpLiteral.IsValid(m.Address))
            .SelectMany(m => m.IsManager ? new[] { new Target(m, 2377), new Target(m, 7946) } : new[] { new Target(m, 7946) })
            .ToList();

    /// <summary>One line per target, "ok a:p" or "no a:p"; all tried at once, each within <see cref="ProbeSeconds"/>. Addresses are IP literals (checked), so nothing needs quoting.</summary>
    internal static string ProbeScript(IEnumerable<Target> targets) =>
        $"for t in {string.Join(" ", targets.Select(t => t.Text))}; do " +
        $"( if timeout {ProbeSeconds} bash -c \"</dev/tcp/${{t%:*}}/${{t##*:}}\" 2>/dev/null; then echo \"ok $t\"; else echo \"no $t\"; fi ) & " +
        "done; wait";
}
