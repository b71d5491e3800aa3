using System.Text.Json;

namespace SwarmTools.Simulation;

/// <summary>A swarm among simulated hosts: its members as its managers would list them, and its join tokens.</summary>
public sealed class SimulatedSwarm(string clusterId)
{
    private readonly object _gate = new();
    private readonly List<Member> _members = new();
    private int _rotations;

    public string ClusterId { get; } = clusterId;
    /// <summary>When the swarm's root CA expires (Docker makes one for 20 years).</summary>
    public DateTime CaExpiry { get; set; } = DateTime.UtcNow.AddYears(20);
    public string TokenFor(string role) { lock (_gate) return $"SWMTKN-1-{ClusterId}-{role}-{_rotations}"; }

    private string? _policy;
    private ulong _policyIndex;

    /// <summary>The firewall policy kept in the swarm (SwarmPolicyConfig's Docker config); null when none is.</summary>
    public string? Policy { get { lock (_gate) return _policy; } }

    /// <summary>Keeps <paramref name="json"/> as the swarm's policy config (null: removes it), at a new raft index.</summary>
    public void KeepPolicy(string? json) { lock (_gate) { _policy = json; _policyIndex += 10; } }

    /// <summary>What SwarmPolicyConfig.ReadCommand prints on a manager: "index \"base64\"", or nothing.</summary>
    public string PolicyLines
    {
        get { lock (_gate) return _policy is null ? "" : $"{_policyIndex} \"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_policy + "\n"))}\"\n"; }
    }

    /// <summary>`docker swarm join-token --rotate`: the tokens handed out before no longer join.</summary>
    public void RotateTokens() { lock (_gate) _rotations++; }

    /// <summary>A member as Docker's node list has it; changed under the swarm's lock only.</summary>
    public sealed class Member(string nodeId, string hostname, string address, bool isManager, bool isLeader)
    {
        public string NodeId { get; } = nodeId;
        public string Hostname { get; } = hostname;
        public string Address { get; } = address;
        public bool IsManager { get; internal set; } = isManager;
        public bool IsLeader { get; internal set; } = isLeader;
        /// <summary>"ready", or "down" once it left (until `docker node rm`).</summary>
        public string State { get; internal set; } = "ready";
        public string Availability { get; internal set; } = "active";
        /// <summary>The engine version the node reports to the managers (null: the host's <see cref="SimulatedHost.EngineVersion"/>).</summary>
        public string? EngineVersion { get; set; }
        public SortedDictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    }

    public Member Add(string hostname, string address, bool isManager)
    {
        lock (_gate)
        {
            var member = new Member($"sim{ClusterId[..6]}{_members.Count:x6}", hostname, address, isManager, isLeader: _members.Count == 0);
            _members.Add(member);
            return member;
        }
    }

    public IReadOnlyList<Member> Members { get { lock (_gate) return _members.ToList(); } }

    public Member? Find(string nodeId) { lock (_gate) return _members.FirstOrDefault(m => m.NodeId == nodeId); }

    /// <summary>Runs <paramref name="change"/> on the members under the swarm's lock; returns Docker's error, or null.</summary>
    public string? Change(Func<List<Member>, string?> change) { lock (_gate) return change(_members); }

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
    public string Inspect(string engineVersion)
    {
        lock (_gate)
            return string.Join("\n", _members.Select(m => JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["ID"] = m.NodeId,
                ["Spec"] = new Dictionary<string, object?> { ["Role"] = m.IsManager ? "manager" : "worker", ["Availability"] = m.Availability, ["Labels"] = new Dictionary<string, string>(m.Labels) },
                ["Description"] = new Dictionary<string, object?> { ["Hostname"] = m.Hostname, ["Engine"] = new Dictionary<string, string> { ["EngineVersion"] = m.EngineVersion ?? engineVersion } },
                ["Status"] = new Dictionary<string, string> { ["State"] = m.State, ["Addr"] = m.Address },
                ["ManagerStatus"] = m.IsManager
                    ? new Dictionary<string, object?> { ["Leader"] = m.IsLeader, ["Reachability"] = m.State == "ready" ? "reachable" : "unreachable", ["Addr"] = m.Address + ":2377" }
                    : null,
            }))) + "\n";
    }
}
