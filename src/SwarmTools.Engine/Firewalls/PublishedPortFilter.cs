using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// Ports that containers publish bypass ufw: Docker DNATs them in PREROUTING and they cross
/// FORWARD, never INPUT. Docker sends that traffic through the DOCKER-USER chain first. That chain
/// is shared (ufw-docker and users put their own rules there), so the module keeps its rules in a
/// chain of its own, <see cref="Chain"/>, reached by a single jump at the top of DOCKER-USER:
/// established traffic, the swarm's sources and the allowed ports return (to the rules others keep
/// in DOCKER-USER, then Docker's); anything else arriving on the node's own interfaces is dropped.
/// The chain lives in ufw's after.rules, so ufw loads it again at every boot and reload; the jump
/// is put back by a few lines in ufw's after.init (<see cref="Hook"/>), since DOCKER-USER may not
/// exist yet when ufw starts, and declaring it in after.rules would empty it.
/// </summary>
public static class PublishedPortFilter
{
    public const string Begin = "# BEGIN swarmtools: published container ports (DOCKER-USER)";
    public const string End = "# END swarmtools";
    /// <summary>The module's chain (iptables allows 28 characters).</summary>
    public const string Chain = "swarmtools-published";
    /// <summary>The one rule the module keeps in DOCKER-USER, as `iptables -S` lists it.</summary>
    public const string Jump = "-A DOCKER-USER -j " + Chain;
    public const string HookFile = "/etc/ufw/after.init";
    public const string HookBegin = "# BEGIN swarmtools: the jump from DOCKER-USER to " + Chain;

    /// <summary>
    /// The after.rules block (an iptables-restore section); null when published ports stay open, as Docker leaves them.
    /// "Filtered" never silently becomes unfiltered: with no interface to drop on, it is an error for <paramref name="node"/>.
    /// </summary>
    public static string? Block(FirewallPolicy policy, IEnumerable<string> members, IEnumerable<string> interfaces, string node = "the node")
    {
        if (!Filters(policy)) return null;
        var external = interfaces.Distinct().ToList();
        if (external.Count == 0)
            throw new SwarmToolsException(ErrorIds.PublishedPortsNoInterface, FailureKind.InvalidOperation,
                $"No interface on {node} holds its public or VPC address, so the ports containers publish cannot be filtered there; nothing was changed on it. " +
                "Check `ip -4 addr` on the node, or pass -PublishedPorts Open.", node);
        var b = new StringBuilder();
        b.Append(Begin).Append('\n');
        b.Append("*filter\n:").Append(Chain).Append(" - [0:0]\n");
        b.Append("-A ").Append(Chain).Append(" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
        // Sorted: the same members give the same block, whatever order they were listed in.
        foreach (var source in (policy.SwarmSources ?? members).Distinct().Where(s => s != FirewallSource.Anywhere).OrderBy(s => s, StringComparer.Ordinal))
            b.Append("-A ").Append(Chain).Append(" -s ").Append(source).Append(" -j RETURN\n");
        if (policy.SwarmSources?.Contains(FirewallSource.Anywhere) == true)
            b.Append("-A ").Append(Chain).Append(" -j RETURN\n");
        foreach (var port in policy.AllowPorts)
        foreach (var source in policy.AllowPortsFrom)
            b.Append("-A ").Append(Chain).Append(source == FirewallSource.Anywhere ? "" : " -s " + source).Append(" -p ").Append(port.Protocol).Append(" -m conntrack --ctorigdstport ").Append(port.UfwPorts).Append(" --ctdir ORIGINAL -j RETURN\n");
        foreach (var name in external)
            b.Append("-A ").Append(Chain).Append(" -i ").Append(name).Append(" -j DROP\n");
        b.Append("COMMIT\n").Append(End).Append('\n');
        return b.ToString();
    }

    /// <summary>Does the policy put published ports under the firewall?</summary>
    public static bool Filters(FirewallPolicy policy) => policy.IsComplete && policy.FilterPublishedPorts;

    /// <summary>The rules of a block ("-A swarmtools-published …" lines), to compare with what iptables has loaded.</summary>
    public static int RuleCount(string? block) => Lines(block, "-A " + Chain + " ").Count;

    /// <summary>The rules an earlier version put straight into DOCKER-USER (its block declared the chain): taken out when the block is replaced.</summary>
    /// (Its closing "-j RETURN" stays: Docker keeps the same rule there.)
    public static IReadOnlyList<string> LegacyRules(string? block) => Lines(block, "-A DOCKER-USER ").Where(l => l != "-A DOCKER-USER -j RETURN").ToList();

    private static List<string> Lines(string? block, string prefix) =>
        block is null ? new List<string>() : block.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>The lines of after.init that put the jump back whenever ufw starts (boot, enable, reload), once the chain is loaded.</summary>
    public const string Hook =
        HookBegin + "\n" +
        "if [ \"$1\" = start ] && iptables -n -L " + Chain + " >/dev/null 2>&1; then\n" +
        "  iptables -N DOCKER-USER 2>/dev/null || true\n" +
        "  iptables -C DOCKER-USER -j " + Chain + " 2>/dev/null || iptables -I DOCKER-USER 1 -j " + Chain + "\n" +
        "fi\n" +
        End + "\n";
}
