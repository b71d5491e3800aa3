using System;
using System.Linq;
using System.Net;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>What a droplet looks like as a swarm node.</summary>
public static class SwarmNodeMapping
{
    public static SwarmNode ToSwarmNode(this Droplet d) => new SwarmNode
    {
        Name = d.Name,
        Id = d.Id,
        Status = StatusOf(d.Status),
        Region = d.Region?.Slug ?? "",
        Size = d.SizeSlug ?? "",
        Image = d.Image?.Slug ?? d.Image?.Name ?? "",
        PublicAddress = d.PublicIPv4,
        PrivateAddress = d.PrivateIPv4,
        PrivateNetwork = Cidr(d.Networks.V4.FirstOrDefault(n => n.Type == "private")),
        Tags = d.Tags.ToArray(),
        // The key follows the node: the private half of the key it was made with, when this user has it.
        IdentityFile = NodeKeyTag.Fingerprint(d.Tags) is { } key ? Ssh.PrivateKeyLookup.For(key) : null,
        VpcUuid = d.VpcUuid,
        CreatedAt = d.CreatedAt,
    };

    /// <summary>The one place the API's status text becomes a <see cref="DropletStatus"/>; a status it does not know stays Unknown.</summary>
    public static DropletStatus StatusOf(string? status)
    {
        switch (status)
        {
            case "new": return DropletStatus.New;
            case "active": return DropletStatus.Active;
            case "off": return DropletStatus.Off;
            case "archive": return DropletStatus.Archive;
            default: return DropletStatus.Unknown;
        }
    }

    /// <summary>"198.19.16.5" with "255.255.240.0" → "198.19.16.0/20".</summary>
    internal static string? Cidr(NetworkV4? network)
    {
        if (network is null || !IpLiteral.IsValid(network.IpAddress) || !IpLiteral.IsValid(network.Netmask)
            || !IPAddress.TryParse(network.IpAddress, out var ip) || !IPAddress.TryParse(network.Netmask, out var mask)) return null;
        var a = ip.GetAddressBytes();
        var m = mask.GetAddressBytes();
        if (a.Length != 4 || m.Length != 4) return null;
        var prefix = m.Sum(b => Convert.ToString(b, 2).Count(c => c == '1'));
        var net = new IPAddress(a.Select((b, i) => (byte)(b & m[i])).ToArray());
        return $"{net}/{prefix}";
    }
}
