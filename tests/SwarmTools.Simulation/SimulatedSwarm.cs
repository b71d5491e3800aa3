using System.Text.Json;

namespace SwarmTools.Simulation;

/// <summary>A swarm among simulated hosts: its members as its managers would list them, and its join tokens.</summary>
public sealed class SimulatedSwarm(string clusterId)
{
    private readonly object _gate = new();
    private readonly List<Member> _members = new();

    public string ClusterId { get; } = clusterId;
    public string TokenFor(string role) => $"SWMTKN-1-{ClusterId}-{role}";

    public sealed record Member(string NodeId, string Hostname, string Address, bool IsManager, bool IsLeader);

    public Member Add(string hostname, string address, bool isManager)
    {
        lock (_gate)
        {
            var member = new Member($"sim{ClusterId[..6]}{_members.Count:x6}", hostname, address, isManager, IsLeader: _members.Count == 0);
            _members.Add(member);
            return member;
        }
    }

    public IReadOnlyList<Member> Members { get { lock (_gate) return _members.ToList(); } }

    /// <summary>`docker info --format '{{json .Swarm}}'` on a member (Cluster only on managers, as Docker does).</summary>
    public string StateOf(Member me)
    {
        var members = Members;
        var leader = members.First(m => m.IsLeader);
        var state = new Dictionary<string, object?>
        {
            ["NodeID"] = me.NodeId,
            ["NodeAddr"] = me.Address,
            ["LocalNodeState"] = "active",
            ["ControlAvailable"] = me.IsManager,
            ["Error"] = "",
            ["RemoteManagers"] = new[] { new Dictionary<string, string> { ["NodeID"] = leader.NodeId, ["Addr"] = leader.Address + ":2377" } },
            ["Nodes"] = members.Count,
            ["Managers"] = members.Count(m => m.IsManager),
        };
        if (me.IsManager) state["Cluster"] = new Dictionary<string, string> { ["ID"] = ClusterId };
        return JsonSerializer.Serialize(state);
    }

    public const string InactiveState = "{\"NodeID\":\"\",\"NodeAddr\":\"\",\"LocalNodeState\":\"inactive\",\"ControlAvailable\":false,\"Error\":\"\",\"RemoteManagers\":null}";

    /// <summary>`docker node inspect $(docker node ls -q) --format '{{json .}}'`: one line per member.</summary>
    public string Inspect(string engineVersion) => string.Join("\n", Members.Select(m => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["ID"] = m.NodeId,
        ["Spec"] = new Dictionary<string, object?> { ["Role"] = m.IsManager ? "manager" : "worker", ["Availability"] = "active", ["Labels"] = new Dictionary<string, string>() },
        ["Description"] = new Dictionary<string, object?> { ["Hostname"] = m.Hostname, ["Engine"] = new Dictionary<string, string> { ["EngineVersion"] = engineVersion } },
        ["Status"] = new Dictionary<string, string> { ["State"] = "ready", ["Addr"] = m.Address },
        ["ManagerStatus"] = m.IsManager
            ? new Dictionary<string, object?> { ["Leader"] = m.IsLeader, ["Reachability"] = "reachable", ["Addr"] = m.Address + ":2377" }
            : null,
    }))) + "\n";
}
