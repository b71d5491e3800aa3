using System;

namespace SwarmTools;

/// <summary>One task of a swarm service, as `docker service ps --no-trunc` describes it.</summary>
public sealed class SwarmTask
{
    public string Id { get; set; } = "";
    /// <summary>service.slot (replicated) or service.node-id (global), as docker names it.</summary>
    public string Name { get; set; } = "";
    public string Service { get; set; } = "";
    public string Image { get; set; } = "";
    /// <summary>The node's hostname; empty while the task is not placed.</summary>
    public string Node { get; set; } = "";
    public string DesiredState { get; set; } = "";
    /// <summary>The state word alone: Running, Pending, Rejected, Failed, Shutdown…</summary>
    public string CurrentState { get; set; } = "";
    /// <summary>Docker's own words, with how long ago: "Running 2 minutes ago".</summary>
    public string CurrentStateSince { get; set; } = "";
    /// <summary>Why the task failed or waits: "No such image: bad:1", "no suitable node…", "host-mode port already in use…".</summary>
    public string Error { get; set; } = "";
    public string[] Ports { get; set; } = Array.Empty<string>();
    /// <summary>An earlier task of the same slot (docker service ps shows it with \_).</summary>
    public bool IsHistory { get; set; }

    public override string ToString() => Name;
}
