using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.DigitalOcean.Models;

/// <summary>A droplet as the API describes it (the fields the module uses).</summary>
public sealed class Droplet
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>new | active | off | archive.</summary>
    public string Status { get; set; } = "";
    public bool Locked { get; set; }
    public int Memory { get; set; }
    public int Vcpus { get; set; }
    public int Disk { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Region? Region { get; set; }
    public Image? Image { get; set; }
    public string? SizeSlug { get; set; }
    public Networks Networks { get; set; } = new Networks();
    public List<string> Tags { get; set; } = new List<string>();
    public string? VpcUuid { get; set; }

    public string? PublicIPv4 => Networks.V4.FirstOrDefault(n => n.Type == "public")?.IpAddress;
    public string? PrivateIPv4 => Networks.V4.FirstOrDefault(n => n.Type == "private")?.IpAddress;
    public bool IsActive => Status == "active";
}

public sealed class Networks
{
    public List<NetworkV4> V4 { get; set; } = new List<NetworkV4>();
}

public sealed class NetworkV4
{
    public string IpAddress { get; set; } = "";
    public string Netmask { get; set; } = "";
    public string? Gateway { get; set; }
    /// <summary>public | private (the VPC address).</summary>
    public string Type { get; set; } = "";
}
