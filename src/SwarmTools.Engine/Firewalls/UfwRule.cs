using System;
using System.Text;

namespace SwarmTools.Firewalls
{
    /// <summary>
    /// One incoming ufw rule: action, protocol, ports and source. Two rules are the same rule when
    /// those match — the comment only says who owns it (ufw itself compares rules the same way).
    /// </summary>
    public sealed class UfwRule : IEquatable<UfwRule>
    {
        /// <summary>The comment on every rule this module owns; other rules are the image's or the user's.</summary>
        public const string OwnerComment = "swarmtools";

        public UfwRule(string action, string protocol, string? ports, string source, string? comment = OwnerComment)
        {
            Action = action;
            Protocol = protocol;
            Ports = ports;
            Source = FirewallSource.Normalize(source);
            Comment = comment;
        }

        /// <summary>allow, limit, deny or reject.</summary>
        public string Action { get; }
        /// <summary>tcp, udp, esp or any.</summary>
        public string Protocol { get; }
        /// <summary>"22", "2377,7946", "8000:9000"; null for a rule on every port (esp).</summary>
        public string? Ports { get; }
        /// <summary>"any", an address or a CIDR range.</summary>
        public string Source { get; }
        public string? Comment { get; }
        public bool IsOwned => Comment == OwnerComment;

        /// <summary>The arguments of `ufw` that add this rule.</summary>
        public string AddArguments => Spec + (Comment is null ? "" : $" comment '{Comment}'");

        /// <summary>The arguments of `ufw` that delete it (ufw matches rules by their spec, whatever their comment).</summary>
        public string DeleteArguments => "delete " + Spec;

        private string Spec => $"{Action} proto {Protocol} from {Source} to any" + (Ports is null ? "" : " port " + Ports);

        /// <summary>As `ufw status` shows it: "2377,7946/tcp", "22/tcp", "esp".</summary>
        public string To => Ports is null ? Protocol : $"{Ports}/{Protocol}";

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
        /// A rule from ufw's rules files ("### tuple ### allow tcp 2377,7946 0.0.0.0/0 any 198.19.0.5 in comment=…").
        /// Null for what this module never manages: outgoing or routed rules, rules to one address, app profiles.
        /// </summary>
        public static UfwRule? FromTuple(string line)
        {
            const string prefix = "### tuple ### ";
            if (!line.StartsWith(prefix, StringComparison.Ordinal)) return null;
            var f = line.Substring(prefix.Length).Split(' ');
            // action proto dport dst sport src direction [comment=hex]
            if (f.Length < 7 || f[6] != "in" || FirewallSource.FromUfw(f[3]) != FirewallSource.Anywhere || f[4] != "any") return null;
            if (f[0].Contains("_")) return null; // allow_log and friends
            string? comment = null;
            if (f.Length > 7 && f[7].StartsWith("comment=", StringComparison.Ordinal)) comment = FromHex(f[7].Substring("comment=".Length));
            try { return new UfwRule(f[0], f[1], f[2] == "any" ? null : f[2], FirewallSource.FromUfw(f[5]), comment); }
            catch (SwarmToolsException) { return null; } // not an address we understand: never ours, never touched
        }

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
            other != null && Action == other.Action && Protocol == other.Protocol && Ports == other.Ports && Source == other.Source;

        public override bool Equals(object? obj) => Equals(obj as UfwRule);
        public override int GetHashCode() => (Action, Protocol, Ports, Source).GetHashCode();
        public override string ToString() => $"{Action} {To} from {FirewallSource.Display(Source)}";
    }
}
