using System;
using System.Collections.Generic;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>What New-SwarmNode was asked for, before it is checked against the API.</summary>
public sealed class NodeSpec
{
    public const string DefaultSwarmTag = "swarmtools";
    public const string DefaultRegion = "nyc3";
    public const string DefaultSize = "s-1vcpu-1gb";
    public const int MaxUserDataBytes = 64 * 1024;

    public IReadOnlyList<string> Names { get; set; } = Array.Empty<string>();
    public string Region { get; set; } = DefaultRegion;
    public string Size { get; set; } = DefaultSize;
    /// <summary>A slug or id; null: the newest Docker 1-Click image the region offers.</summary>
    public string? Image { get; set; }
    public SshPublicKey? SshKey { get; set; }
    /// <summary>The tag that marks this swarm's droplets; always added.</summary>
    public string SwarmTag { get; set; } = DefaultSwarmTag;
    public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();
    public string? VpcUuid { get; set; }
    public string? UserData { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>
    /// How to reach the nodes over SSH to wait for real readiness (SSH → cloud-init → Docker);
    /// null: a node is ready when the API says "active".
    /// </summary>
    public Orchestration.SshAccess? Ssh { get; set; }
    /// <summary>The private key that pairs with <see cref="SshKey"/>, carried on the nodes for later SSH work.</summary>
    public string? IdentityFile { get; set; }
    /// <summary>
    /// Delete the droplet of a node this run created when it fails (not active or not ready in
    /// time, or left unfinished by a failure that ends the run). False (the default): keep it and
    /// name it, with the command that removes it.
    /// </summary>
    public bool RemoveFailed { get; set; }
}
