namespace SwarmTools.Sandbox.State;

public sealed partial class SandboxState
{
    private readonly Dictionary<long, SandboxAction> _actions = [];

    public SandboxAction? FindAction(long id)
    {
        lock (_gate) return _actions.GetValueOrDefault(id);
    }

    /// <summary>Newest first, as the service lists them.</summary>
    public IReadOnlyList<SandboxAction> ListActions(long? dropletId = null)
    {
        lock (_gate)
            return _actions.Values
                .Where(a => dropletId is null || (a.ResourceType == "droplet" && a.ResourceId == dropletId))
                .OrderByDescending(a => a.Id)
                .ToList();
    }

    private void FinishActionLocked(long actionId, string status)
    {
        if (_actions.TryGetValue(actionId, out var action) && action.Status == ActionStatus.InProgress)
            _actions[actionId] = action with { Status = status, CompletedAt = Now };
    }
}
