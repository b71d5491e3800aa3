using System;

namespace SwarmTools;

/// <summary>What a deploy did to a service, as far as the module can tell by comparing its spec before and after.</summary>
public enum ServiceChange
{
    /// <summary>Its spec is as it was: nothing changed.</summary>
    Unchanged,
    Created,
    /// <summary>Its spec changed (the swarm rolls its tasks over to it).</summary>
    Updated,
    /// <summary>Removed by -Prune: no longer in the compose file.</summary>
    Removed,
}

/// <summary>One swarm service, as `docker service ls` and `docker service inspect` describe it.</summary>
public sealed class SwarmService
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The stack it belongs to (its com.docker.stack.namespace label); empty for a service created on its own.</summary>
    public string Stack { get; set; } = "";
    /// <summary>replicated, global, replicated-job or global-job.</summary>
    public string Mode { get; set; } = "";
    public int Running { get; set; }
    public int Desired { get; set; }
    /// <summary>Running/desired, as `docker service ls` shows it.</summary>
    public string Replicas => $"{Running}/{Desired}";
    public string Image { get; set; } = "";
    /// <summary>Published ports, "8080:80/tcp (host)" or "(ingress)".</summary>
    public string[] Ports { get; set; } = Array.Empty<string>();
    /// <summary>The state of its last update (updating, paused, completed, rollback_completed…); empty when it was never updated.</summary>
    public string UpdateState { get; set; } = "";
    /// <summary>The update's message (why it paused or rolled back); empty otherwise.</summary>
    public string UpdateMessage { get; set; } = "";
    /// <summary>The spec's version: swarmkit raises it at every update, even one that changes nothing.</summary>
    public ulong Version { get; set; }
    /// <summary>Deploy-SwarmStack only: what the deploy did to it; null from Get-SwarmService.</summary>
    public ServiceChange? Change { get; set; }

    /// <summary>Every replica runs and no update is under way (jobs: the desired count is what they complete).</summary>
    public bool Converged => Running == Desired && (UpdateState.Length == 0 || UpdateState == "completed");

    public override string ToString() => Name;
}
