using SwarmTools.Sandbox.Lab;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Hosts;

/// <summary>api mode: droplets exist in the API only.</summary>
public sealed class ApiOnlyDropletHosts : IDropletHosts
{
    public Task BootAsync(SandboxDroplet d, CancellationToken ct) => Task.CompletedTask;

    public void Activated(SandboxDroplet d)
    {
    }

    public Task DestroyAsync(SandboxDroplet d) => Task.CompletedTask;

    public Task PowerOffAsync(SandboxDroplet d) => Task.CompletedTask;

    public Task PowerOnAsync(SandboxDroplet d) => Task.CompletedTask;

    public Task<bool> ApplyCloudFirewallAsync(SandboxDroplet d, string rules) => Task.FromResult(true);

    public LabHostFacts? Describe(SandboxDroplet d) => null;
}
