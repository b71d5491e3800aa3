namespace SwarmTools.Engine.Maintenance;

/// <summary>The steps of one node's maintenance, in the order they run (a re-run carries on from the one its label names).</summary>
public enum MaintenanceStep
{
    /// <summary>Drain, and wait until its tasks run elsewhere (global services aside).</summary>
    Drain,
    /// <summary>The user's -Command or -ScriptBlock.</summary>
    Command,
    /// <summary>The droplet's reboot action (or a reboot over SSH).</summary>
    Reboot,
    /// <summary>Wait for SSH, Docker, the node Ready, and Reachable for a manager.</summary>
    WaitReady,
    /// <summary>Back to the availability the node had before.</summary>
    Restore,
    /// <summary>Test-Swarm's Quorum, Leader and NodeStatus checks pass as before.</summary>
    Verify,
}
