using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Addresses from the API are data: before one becomes an SSH host, a known_hosts name or a
/// ufw source it must be a plain IPv4 or IPv6 literal. IPAddress.TryParse alone is too kind
/// ("1" is 0.0.0.1); a name or a pattern ("*") would be resolved, matched or written.
/// </summary>
public static class IpLiteral
{
    private static readonly Regex IPv4 = new Regex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");

    public static bool IsValid(string? text) =>
        text != null && (IPv4.IsMatch(text)
            || (text.IndexOf(':') >= 0 && text.All(c => c == ':' || c == '.' || Uri.IsHexDigit(c))
                && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6));

    /// <summary>"198.19.0.0/20" or "2001:db8::/64".</summary>
    public static bool IsValidCidr(string? text)
    {
        var slash = text?.IndexOf('/') ?? -1;
        if (slash < 0 || !IsValid(text!.Substring(0, slash))) return false;
        var max = text.IndexOf(':') >= 0 ? 128 : 32;
        var prefix = text.Substring(slash + 1);
        return prefix.Length > 0 && prefix.Length <= 3 && prefix.All(char.IsDigit) && int.Parse(prefix) <= max;
    }

    /// <summary>The address itself, or InvalidAddress naming what it was meant for.</summary>
    public static string Require(string? address, string owner)
    {
        if (IsValid(address)) return address!;
        throw new SwarmToolsException(ErrorIds.InvalidAddress, FailureKind.InvalidArgument,
            $"The address '{address}' of {owner} is not an IPv4 or IPv6 address, so SwarmTools will not use it as an SSH host, a known_hosts entry or a firewall source. " +
            "Check the node's data (Get-SwarmNode) and that DIGITALOCEAN_API_URL points at the API you trust.", owner);
    }
}
