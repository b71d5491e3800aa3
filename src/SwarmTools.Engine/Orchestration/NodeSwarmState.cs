using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// What `docker info --format '{{json .Swarm}}'` says about a node, read without side effects.
/// Cluster and ControlAvailable are only set on managers.
/// </summary>
public sealed class NodeSwarmState
{
    public LocalNodeState LocalNodeState { get; private set; }
    /// <summary>Docker's own word for the state, for messages (it says what an Unknown state is).</summary>
    public string ReportedState { get; private set; } = "";
    public string NodeId { get; private set; } = "";
    public string NodeAddress { get; private set; } = "";
    public bool IsManager { get; private set; }
    public string? ClusterId { get; private set; }
    public string Error { get; private set; } = "";
    /// <summary>host:port of the managers this node knows.</summary>
    public IReadOnlyList<string> RemoteManagers { get; private set; } = new List<string>();
    public int Managers { get; private set; }

    public bool IsInactive => LocalNodeState == LocalNodeState.Inactive;
    public bool IsActive => LocalNodeState == LocalNodeState.Active;

    public static NodeSwarmState Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var state = new NodeSwarmState
        {
            ReportedState = Text(root, "LocalNodeState"),
            NodeId = Text(root, "NodeID"),
            NodeAddress = Text(root, "NodeAddr"),
            IsManager = root.TryGetProperty("ControlAvailable", out var c) && c.ValueKind == JsonValueKind.True,
            Error = Text(root, "Error"),
            Managers = root.TryGetProperty("Managers", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 0,
        };
        state.LocalNodeState = LocalNodeStates.Parse(state.ReportedState);
        if (root.TryGetProperty("Cluster", out var cluster) && cluster.ValueKind == JsonValueKind.Object)
            state.ClusterId = Text(cluster, "ID");
        if (root.TryGetProperty("RemoteManagers", out var remotes) && remotes.ValueKind == JsonValueKind.Array)
            state.RemoteManagers = remotes.EnumerateArray().Select(r => Text(r, "Addr")).Where(a => a.Length > 0).ToList();
        return state;
    }
}
