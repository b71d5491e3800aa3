using SwarmTools.Sandbox.Hosts;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Firewalls;

/// <summary>
/// Keeps every lab host's cloud-firewall chains (<see cref="CloudFirewallRules"/>) in step with
/// the firewalls, the droplets and their tags: checked every second and before a firewall turns
/// `succeeded`; a host is written only when its rules changed (or it booted again).
/// </summary>
public sealed class CloudFirewallEnforcer(SandboxState state, IDropletHosts hosts) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1);
    private readonly Dictionary<long, string> _applied = [];

    /// <summary>The host lost its chains (it booted again): they are written at the next pass.</summary>
    public void Forget(long dropletId)
    {
        lock (_applied) _applied.Remove(dropletId);
    }

    // In api mode no host stands behind a droplet: there is nothing to enforce (and nothing to compute).
    private bool HasHosts => hosts is not ApiOnlyDropletHosts;

    public async Task ApplyAsync()
    {
        if (!HasHosts) return;
        await _one.WaitAsync();
        try
        {
            var firewalls = state.ListFirewalls();
            var droplets = state.ListDroplets();
            foreach (var droplet in droplets)
            {
                var rules = CloudFirewallRules.For(droplet, firewalls, droplets);
                lock (_applied)
                    if (_applied.TryGetValue(droplet.Id, out var done) && done == rules) continue;
                if (await hosts.ApplyCloudFirewallAsync(droplet, rules))
                    lock (_applied) _applied[droplet.Id] = rules;
            }
            lock (_applied)
                foreach (var gone in _applied.Keys.Where(id => droplets.All(d => d.Id != id)).ToList()) _applied.Remove(gone);
        }
        finally
        {
            _one.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (HasHosts && !stoppingToken.IsCancellationRequested)
        {
            try { await ApplyAsync(); }
            catch (Exception e) { await Console.Error.WriteLineAsync($"sandbox: applying cloud firewalls failed: {e.Message}"); }
            try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
