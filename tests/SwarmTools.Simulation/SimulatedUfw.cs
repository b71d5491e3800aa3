using System.Text;
using System.Text.RegularExpressions;
using SwarmTools.Engine.Firewalls;

namespace SwarmTools.Simulation;

/// <summary>
/// A host's ufw as the module sees it: answers the firewall read (HostFirewallState.ReadCommand)
/// in ufw's own formats, and applies a change script (FirewallChange.Script) step by step. Starts
/// as the Docker 1-Click image does: active, deny incoming, limit 22/tcp, allow 2375 and 2376.
/// </summary>
public sealed partial class SimulatedUfw
{
    private readonly object _gate = new();
    private readonly List<UfwRule> _rules =
    [
        new("limit", "tcp", "22", FirewallSource.Anywhere, null),
        new("allow", "tcp", "2375", FirewallSource.Anywhere, null),
        new("allow", "tcp", "2376", FirewallSource.Anywhere, null),
    ];
    private bool _active = true;
    private string _incoming = "deny";
    private string _policy = "";
    private string? _block;

    /// <summary>Does ufw let <paramref name="source"/> in on <paramref name="port"/>/tcp?</summary>
    public bool Admits(string source, int port)
    {
        lock (_gate)
            return !_active || _incoming != "deny"
                || _rules.Any(r => r.Action is "allow" or "limit" && r.Protocol is "tcp" or "any" && r.IsOnPort(port) && FirewallSource.Covers(r.Source, source));
    }

    public int RuleCount { get { lock (_gate) return _rules.Count; } }

    /// <summary>The answer to HostFirewallState.ReadCommand.</summary>
    /// <param name="swarmPolicy">What the swarm policy read prints on this host (managers only).</param>
    public string Read(IEnumerable<(string Interface, string Cidr)> interfaces, string client, string swarmPolicy = "")
    {
        lock (_gate)
        {
            var s = new StringBuilder();
            s.Append(_active ? $"Status: active\nLogging: on (low)\nDefault: {_incoming} (incoming), allow (outgoing), deny (routed)\nNew profiles: skip\n" : "Status: inactive\n");
            s.Append("@@rules\n");
            foreach (var r in _rules) s.Append(Tuple(r)).Append('\n');
            s.Append("@@policy\n").Append(_policy).Append('\n');
            s.Append("@@docker-user\n-N DOCKER-USER\n");
            if (_block != null) s.Append(PublishedPortFilter.Jump).Append('\n');
            s.Append("-A DOCKER-USER -j RETURN\n");
            s.Append("@@chain\n");
            if (_block != null)
            {
                s.Append("-N ").Append(PublishedPortFilter.Chain).Append('\n');
                foreach (var line in _block.Split('\n').Where(l => l.StartsWith("-A " + PublishedPortFilter.Chain, StringComparison.Ordinal))) s.Append(line).Append('\n');
            }
            s.Append("@@hook\n").Append(_block != null ? "1\n" : "");
            s.Append("@@block\n").Append(_block ?? "");
            s.Append("@@interfaces\n");
            foreach (var (name, cidr) in interfaces) s.Append(name).Append(' ').Append(cidr).Append('\n');
            s.Append("@@client\n").Append(client).Append(" 50022 22\n");
            s.Append("@@swarm-policy\n").Append(swarmPolicy);
            return s.ToString();
        }
    }

    /// <summary>Applies a FirewallChange script; returns the ufw rule lines it held (what its cost grows with), or null for a script it does not understand.</summary>
    public int? Apply(string script)
    {
        lock (_gate)
        {
            var lines = Heredoc(script, "swarmtools_rules() { cat <<'SWARMTOOLS'\n")?.Split('\n') ?? [];
            foreach (var line in lines)
            {
                var m = RuleLine().Match(line);
                if (!m.Success) return null;
                var rule = new UfwRule(m.Groups["action"].Value, m.Groups["proto"].Value, m.Groups["ports"].Success ? m.Groups["ports"].Value : null,
                    m.Groups["from"].Value, m.Groups["comment"].Success ? m.Groups["comment"].Value : null);
                if (m.Groups["delete"].Success) _rules.Remove(rule);
                else if (!_rules.Contains(rule)) _rules.Add(rule);
            }
            if (script.Contains("ufw default deny incoming", StringComparison.Ordinal)) _incoming = "deny";
            if (script.Contains("sed '/^" + PublishedPortFilter.Begin, StringComparison.Ordinal))
                _block = Heredoc(script, "cat >>\"$swarmtools_after\" <<'SWARMTOOLS'\n") is { } block ? block + "\n" : null;
            if (Heredoc(script, "cat >" + FirewallPolicy.PolicyFile + " <<'SWARMTOOLS'\n") is { } policy) _policy = policy;
            if (script.Contains("ufw --force enable", StringComparison.Ordinal)) _active = true;
            return lines.Length;
        }
    }

    private static string? Heredoc(string script, string opening)
    {
        var start = script.IndexOf(opening, StringComparison.Ordinal);
        if (start < 0) return null;
        start += opening.Length;
        var end = script.IndexOf("\nSWARMTOOLS\n", start - 1, StringComparison.Ordinal);
        return end < start ? "" : script[start..end];
    }

    // ufw's rules files: "### tuple ### allow tcp 2377,7946 0.0.0.0/0 any 198.19.0.5 in comment=<hex>".
    private static string Tuple(UfwRule r) =>
        $"### tuple ### {r.Action} {r.Protocol} {r.Ports ?? "any"} 0.0.0.0/0 any {(r.Source == FirewallSource.Anywhere ? "0.0.0.0/0" : r.Source)} in" +
        (r.Comment is null ? "" : " comment=" + Convert.ToHexString(Encoding.UTF8.GetBytes(r.Comment)).ToLowerInvariant());

    [GeneratedRegex(@"^(?<delete>delete )?(?<action>allow|limit|deny|reject) proto (?<proto>\w+) from (?<from>\S+) to any(?: port (?<ports>\S+))?(?: comment '(?<comment>[^']*)')?$")]
    private static partial Regex RuleLine();
}
