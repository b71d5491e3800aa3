using System;
using System.Text;
using System.Text.RegularExpressions;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// One incoming ufw rule: action, protocol, ports, source — and, for rules people write by hand,
/// the address it is to, the interface it is on and the application profile it names. Two rules
/// are the same rule when those match — the comment only says who owns it (ufw itself compares
/// rules the same way).
/// </summary>
public sealed class UfwRule : IEquatable<UfwRule>
{
    /// <summary>The comment on every rule this module owns; other rules are the image's or the user's.</summary>
    public const string OwnerComment = "swarmtools";

    public UfwRule(string action, string protocol, string? ports, string source, string? comment = OwnerComment,
        string destination = FirewallSource.Anywhere, string? iface = null, string? app = null)
    {
        Action = action;
        Protocol = protocol;
        Ports = ports;
        Source = FirewallSource.Normalize(source);
        Comment = comment;
        Destination = FirewallSource.Normalize(destination);
        Interface = iface;
        App = app;
    }

    /// <summary>allow, limit, deny or reject.</summary>
    public string Action { get; }
    /// <summary>tcp, udp, esp or any.</summary>
    public string Protocol { get; }
    /// <summary>"22", "2377,7946", "8000:9000"; null for a rule on every port (esp).</summary>
    public string? Ports { get; }
    /// <summary>"any", an address or a CIDR range.</summary>
    public string Source { get; }
    /// <summary>The address the rule is to: "any" unless it names one (`ufw allow to 198.51.100.7 port 2377`).</summary>
    public string Destination { get; }
    /// <summary>The interface the rule is on (`ufw allow in on eth1 …`); null for every interface.</summary>
    public string? Interface { get; }
    /// <summary>The application profile the rule names (`ufw allow OpenSSH`); its ports are in <see cref="Ports"/>.</summary>
    public string? App { get; }
    public string? Comment { get; }
    public bool IsOwned => Comment == OwnerComment;

    /// <summary>The arguments of `ufw` that add this rule.</summary>
    public string AddArguments => Spec + (Comment is null ? "" : $" comment '{Comment}'");

    /// <summary>The arguments of `ufw` that delete it (ufw matches rules by their spec, whatever their comment).</summary>
    public string DeleteArguments => "delete " + Spec;

    // ufw's extended syntax; "proto any" is not ufw's (a rule without proto is on both), and an app rule names no proto or port.
    private string Spec =>
        Action + (Interface is null ? "" : " in on " + Interface)
               + (App != null || Protocol == "any" ? "" : " proto " + Protocol)
               + $" from {Source} to {Destination}"
               + (App != null ? $" app '{App}'" : Ports is null ? "" : " port " + Ports);

    /// <summary>As `ufw status` shows it: "2377,7946/tcp", "22/tcp", "esp", "OpenSSH (22/tcp)", "198.51.100.7 2377/tcp on eth1".</summary>
    public string To
    {
        get
        {
            var ports = Ports is null ? Protocol : Protocol == "any" ? Ports : $"{Ports}/{Protocol}";
            var to = App is null ? ports : $"{App} ({ports})";
            if (Destination != FirewallSource.Anywhere) to = Destination + " " + to;
            return Interface is null ? to : to + " on " + Interface;
        }
    }

    /// <summary>Is the rule on <paramref name="port"/>? (A rule without ports is on every port of its protocol, but names none.)</summary>
    public bool IsOnPort(int port)
    {
        if (Ports is null) return false;
        foreach (var part in Ports.Split(','))
        {
            var range = part.Split(':');
            if (int.TryParse(range[0], out var first) && int.TryParse(range[range.Length - 1], out var last) && port >= first && port <= last)
                return true;
        }
        return false;
    }

    /// <summary>
    /// A rule from ufw's rules files ("### tuple ### allow tcp 2377,7946 0.0.0.0/0 any 198.19.0.5 in comment=…",
    /// "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in", "… in_eth1").
    /// Null for what is not an incoming filter: outgoing and routed rules, log-only rules, rules from an app profile's source port.
    /// </summary>
    public static UfwRule? FromTuple(string line)
    {
        const string prefix = "### tuple ### ";
        if (!line.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string? comment = null;
        var body = line.Substring(prefix.Length).Trim();
        var at = body.IndexOf(" comment=", StringComparison.Ordinal);
        if (at >= 0)
        {
            comment = FromHex(body.Substring(at + " comment=".Length).Trim());
            body = body.Substring(0, at);
        }
        var f = body.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        // action proto dport dst sport src [dapp sapp] direction[_iface]
        if (f.Length != 7 && f.Length != 9) return null;
        if (f[0].Contains(":") || f[0].Contains("_")) return null; // route:allow (forwarded), allow_log and friends
        var direction = f[f.Length - 1];
        string? iface = null;
        if (direction.StartsWith("in_", StringComparison.Ordinal) && !direction.Contains("!")) iface = direction.Substring(3);
        else if (direction != "in") return null;
        string? app = null;
        if (f.Length == 9)
        {
            if (f[7] != "-") return null; // a source-port profile: not a rule on who reaches this host's ports
            app = f[6] == "-" ? null : f[6].Replace("%20", " ");
        }
        if (f[4] != "any") return null; // a source port: no rule of ours or of the walkthrough's
        // What goes back into a ufw command is checked for shape: the rules files are text.
        if (!Word.IsMatch(f[0]) || !Word.IsMatch(f[1]) || !(f[2] == "any" || PortList.IsMatch(f[2]))
            || (iface != null && !InterfaceName.IsMatch(iface)) || (app != null && !AppName.IsMatch(app))) return null;
        try { return new UfwRule(f[0], f[1], f[2] == "any" ? null : f[2], FirewallSource.FromUfw(f[5]), comment, FirewallSource.FromUfw(f[3]), iface, app); }
        catch (SwarmToolsException) { return null; } // not an address we understand: never ours, never touched
    }

    private static readonly Regex Word = new Regex("^[a-z0-9]{1,16}$");
    private static readonly Regex PortList = new Regex("^[0-9][0-9,:]{0,200}$");
    private static readonly Regex InterfaceName = new Regex("^[A-Za-z0-9_.+-]{1,15}$");
    private static readonly Regex AppName = new Regex("^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,63}$");

    private static string FromHex(string hex)
    {
        try
        {
            var bytes = new byte[hex.Length / 2];
            for (var i = 0; i < bytes.Length; i++) bytes[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
            return Encoding.UTF8.GetString(bytes);
        }
        catch (FormatException) { return hex; }
    }

    public bool Equals(UfwRule? other) =>
        other != null && Action == other.Action && Protocol == other.Protocol && Ports == other.Ports && Source == other.Source
        && Destination == other.Destination && Interface == other.Interface && App == other.App;

    public override bool Equals(object? obj) => Equals(obj as UfwRule);
    public override int GetHashCode() => (Action, Protocol, Ports, Source, Destination, Interface, App).GetHashCode();
    public override string ToString() => $"{Action} {To} from {FirewallSource.Display(Source)}";
}
