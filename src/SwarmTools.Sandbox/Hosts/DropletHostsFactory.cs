namespace SwarmTools.Sandbox.Hosts;

/// <summary>Picks the hosts implementation for --mode.</summary>
public static class DropletHostsFactory
{
    public static async Task<IDropletHosts> CreateAsync(SandboxOptions options)
    {
        switch (options.Mode)
        {
            case SandboxMode.Api:
                return new ApiOnlyDropletHosts();
            case SandboxMode.Lab:
                // Droplets booted as network-namespace hosts (lab.md, Lab/README.md).
                if (!OperatingSystem.IsLinux())
                    throw new SandboxStartupException("lab mode needs Linux; use --mode api.");
                return await LabDropletHosts.StartAsync(options);
            default:
                throw new SandboxStartupException($"Unknown --mode '{options.Mode}'.");
        }
    }
}
