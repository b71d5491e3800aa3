using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SwarmTools.Engine.Firewalls;

/// <summary>An application port or range and its protocol, as users write it: "80", "443/tcp", "8000-9000/udp".</summary>
public sealed class PortSpec : IEquatable<PortSpec>
{
    private static readonly Regex Shape = new Regex(@"^(\d{1,5})(?:[-:](\d{1,5}))?(?:/(tcp|udp))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private PortSpec(int first, int last, string protocol)
    {
        First = first;
        Last = last;
        Protocol = protocol;
    }

    public int First { get; }
    public int Last { get; }
    /// <summary>tcp or udp.</summary>
    public string Protocol { get; }

    /// <summary>ufw's way: "80" or "8000:9000".</summary>
    public string UfwPorts => First == Last ? First.ToString(CultureInfo.InvariantCulture) : $"{First}:{Last}";
    /// <summary>DigitalOcean's way: "80" or "8000-9000".</summary>
    public string CloudPorts => First == Last ? First.ToString(CultureInfo.InvariantCulture) : $"{First}-{Last}";

    public bool Covers(int port) => port >= First && port <= Last;

    /// <summary>Parses a port; without a protocol it means tcp (what -AllowPort 80 is meant for).</summary>
    public static PortSpec Parse(string text)
    {
        var m = Shape.Match(text.Trim());
        if (m.Success)
        {
            var first = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var last = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : first;
            if (first >= 1 && last <= 65535 && first <= last)
                return new PortSpec(first, last, m.Groups[3].Success ? m.Groups[3].Value.ToLowerInvariant() : "tcp");
        }
        throw new SwarmToolsException(ErrorIds.InvalidPort, FailureKind.InvalidArgument,
            $"'{text}' is not a port: write a port or range from 1 to 65535 with an optional protocol, e.g. 80, 443/tcp, 8000-9000/tcp, 53/udp.", text);
    }

    public bool Equals(PortSpec? other) => other != null && First == other.First && Last == other.Last && Protocol == other.Protocol;
    public override bool Equals(object? obj) => Equals(obj as PortSpec);
    public override int GetHashCode() => (First, Last, Protocol).GetHashCode();
    public override string ToString() => $"{CloudPorts}/{Protocol}";
}
