using System.Net;

namespace SwarmTools.Sandbox.State;

/// <summary>
/// Lab-safe address ranges (RFC 2544 benchmarking space, never routed anywhere real).
/// Public addresses and the unreported eth0 "anchor" addresses each get a /17 of 198.18.0.0/16;
/// each region's default VPC gets a /20 of 198.19.0.0/16 (see ReferenceData).
/// An API-only sandbox hands out its public and anchor addresses from 100.64.0.0/16 (RFC 6598,
/// never routed to the internet) instead: its droplets have no host, and an SSH attempt to one
/// of them must not reach a lab host that another sandbox on the machine runs at that address.
/// </summary>
public static class AddressPlan
{
    public const string PublicNetwork = "198.18.0.0";
    public const int PublicPrefixLength = 17;
    public const string PublicNetmask = "255.255.128.0";
    public const string PublicGateway = "198.18.0.1";

    public const string AnchorNetwork = "198.18.128.0";
    public const int AnchorPrefixLength = 17;
    public const string AnchorNetmask = "255.255.128.0";
    public const string AnchorGateway = "198.18.128.1";

    public const string ApiOnlyPublicNetwork = "100.64.0.0";
    public const string ApiOnlyAnchorNetwork = "100.64.128.0";

    /// <summary>The .1 of a network: its gateway.</summary>
    public static string GatewayOf(string network) => ToText(ToNumber(network) + 1);

    public const int VpcPrefixLength = 20;
    public const string VpcNetmask = "255.255.240.0";

    // IPv6 documentation prefix, only reported when a droplet asks for ipv6.
    public const string Ipv6Prefix = "2001:db8:0:1::";
    public const string Ipv6Gateway = "2001:db8:0:1::1";

    /// <summary>The .1 of a VPC range such as 198.19.16.0/20 (reserved, reported as the private gateway).</summary>
    public static string VpcGateway(string ipRange) => ToText(ToNumber(ipRange.Split('/')[0]) + 1);

    public static uint ToNumber(string address)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    public static string ToText(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}";
}
