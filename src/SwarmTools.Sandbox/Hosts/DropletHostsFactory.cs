namespace SwarmTools.Sandbox.Hosts;

/// <summary>Picks the hosts implementation for --mode.</summary>
public static class DropletHostsFactory
{
    public static IDropletHosts Create(string mode) => mode switch
    {
        SandboxOptions.ApiMode => new ApiOnlyDropletHosts(),
        // The lab (droplets booted as network-namespace hosts, see lab.md) plugs in here.
        SandboxOptions.LabMode => throw new SandboxStartupException("--mode lab is not available in this build yet; use --mode api."),
        _ => throw new SandboxStartupException($"Unknown --mode '{mode}'."),
    };
}
