using System;
using System.Net;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// Where traffic may come from: "any", an IP address or a CIDR range, validated as a literal —
/// addresses come from the API and the hosts, and must never reach ufw or a firewall as anything else.
/// </summary>
public static class FirewallSource
{
    public const string Anywhere = "any";

    /// <summary>The canonical form ("any", "198.19.0.5", "203.0.113.0/24"), or an InvalidSource error.</summary>
    public static string Normalize(string text)
    {
        var t = text.Trim();
        if (t.Equals("any", StringComparison.OrdinalIgnoreCase) || t.Equals("anywhere", StringComparison.OrdinalIgnoreCase)
            || t == "0.0.0.0/0" || t == "::/0")
            return Anywhere;
        var slash = t.IndexOf('/');
        var address = slash < 0 ? t : t.Substring(0, slash);
        if (IPAddress.TryParse(address, out var ip) && ip.ToString() == address)
        {
            var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
            if (slash < 0) return address;
            if (int.TryParse(t.Substring(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits) && bits >= 0 && bits <= max)
                return bits == max ? address : $"{address}/{bits}";
        }
        throw new SwarmToolsException(ErrorIds.InvalidSource, FailureKind.InvalidArgument,
            $"'{text}' is not a source: give Anywhere, an IP address (198.51.100.7) or a CIDR range (203.0.113.0/24).", text);
    }

    /// <summary>Does <paramref name="source"/> ("any", an address, a range) include <paramref name="address"/>?</summary>
    public static bool Covers(string source, string address)
    {
        if (source == Anywhere || source == address) return true;
        var slash = source.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(source.Substring(0, slash), out var network) || !IPAddress.TryParse(address, out var ip)) return false;
        var a = network.GetAddressBytes();
        var b = ip.GetAddressBytes();
        if (a.Length != b.Length) return false;
        var bits = int.Parse(source.Substring(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xff : (byte)(0xff << (8 - bits));
            if ((a[i] & mask) != (b[i] & mask)) return false;
        }
        return true;
    }

    /// <summary>An address as ufw lists it in its rules files ("0.0.0.0/0" and "::/0" mean any).</summary>
    public static string FromUfw(string text) => text == "0.0.0.0/0" || text == "::/0" || text == "any" ? Anywhere : text.EndsWith("/32", StringComparison.Ordinal) || text.EndsWith("/128", StringComparison.Ordinal) ? text.Substring(0, text.LastIndexOf('/')) : text;

    /// <summary>What a person reads: "Anywhere" or the address.</summary>
    public static string Display(string source) => source == Anywhere ? "Anywhere" : source;
}
