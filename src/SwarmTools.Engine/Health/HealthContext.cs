using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Health;

/// <summary>What every check reads: the members as one manager sees them, the droplets under the tag, and a way to reach a node.</summary>
public sealed class HealthContext
{
    public HealthContext(string swarm, NodeShell manager, IReadOnlyList<SwarmMember> members, IReadOnlyList<SwarmNode> droplets,
        Func<SwarmNode, CancellationToken, Task<NodeShell>> connect)
    {
        Swarm = swarm;
        Manager = manager;
        Members = members;
        Droplets = droplets;
        Connect = connect;
    }

    /// <summary>The swarm's name in findings: its tag.</summary>
    public string Swarm { get; }
    public NodeShell Manager { get; }
    public IReadOnlyList<SwarmMember> Members { get; }
    /// <summary>Every droplet under the swarm's tag, whatever its status.</summary>
    public IReadOnlyList<SwarmNode> Droplets { get; }
    public Func<SwarmNode, CancellationToken, Task<NodeShell>> Connect { get; }

    public IEnumerable<SwarmMember> Managers => Members.Where(m => m.IsManager);

    /// <summary>The member's droplet: by address (as Get-Swarm matches them), else by name.</summary>
    public SwarmNode? DropletOf(SwarmMember member) =>
        Droplets.FirstOrDefault(d => member.Address.Length > 0 && (d.PrivateAddress == member.Address || d.PublicAddress == member.Address))
        ?? Droplets.FirstOrDefault(d => string.Equals(d.Name, member.Hostname, StringComparison.OrdinalIgnoreCase));

    /// <summary>A remote command on a manager, for remedies: how the user runs it with the module.</summary>
    public string OnManager(string command) =>
        $"Get-SwarmNode -Tag {Swarm} -Name {Manager.Name} | Invoke-SwarmCommand '{command}'";

    public SwarmCheck Finding(string check, string target, CheckStatus status, string message, string remedy = "") =>
        new SwarmCheck { Check = check, Target = target, Status = status, Message = message, Remedy = remedy };

    public SwarmCheck Pass(string check, string message) => Finding(check, Swarm, CheckStatus.Pass, message);
}
