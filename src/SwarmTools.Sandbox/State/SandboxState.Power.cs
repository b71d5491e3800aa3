namespace SwarmTools.Sandbox.State;

/// <summary>Droplet power actions: reboot, power_cycle, shutdown, power_off, power_on.</summary>
public sealed partial class SandboxState
{
    /// <summary>DigitalOcean's 422 for an action on a droplet that is busy (still being created, or another action running).</summary>
    public const string PendingEvent = "Droplet already has a pending event.";

    /// <summary>Starts an action on the droplet: null and the 422 message when it is busy; null, null when it does not exist.</summary>
    public (SandboxAction? Action, string? Error) StartDropletAction(long dropletId, string type)
    {
        lock (_gate)
        {
            if (!_droplets.TryGetValue(dropletId, out var droplet))
                return (null, null);
            var busy = droplet.Status == DropletStatus.New
                || _actions.Values.Any(a => a.ResourceType == "droplet" && a.ResourceId == dropletId && a.Status == ActionStatus.InProgress);
            if (busy)
                return (null, PendingEvent);
            var action = new SandboxAction(++_lastActionId, type, ActionStatus.InProgress, Now, null, dropletId, "droplet", droplet.RegionSlug);
            _actions.Add(action.Id, action);
            return (action, null);
        }
    }

    /// <summary>Sets the droplet's status (active or off). False if the droplet is gone.</summary>
    public bool SetPower(long dropletId, string status)
    {
        lock (_gate)
        {
            if (!_droplets.TryGetValue(dropletId, out var droplet))
                return false;
            _droplets[dropletId] = droplet with { Status = status };
            return true;
        }
    }

    public void FinishAction(long actionId, string status)
    {
        lock (_gate) FinishActionLocked(actionId, status);
    }
}
