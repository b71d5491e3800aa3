using SwarmTools.Infrastructure;
namespace SwarmTools.Tests.Support;

/// <summary>
/// A runspace with the built module, its environment pointed at the shared sandbox the way
/// Start-SwarmSandbox points a user's session at it.
/// </summary>
public static class SandboxSession
{
    public static PowerShellSession Open()
    {
        Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", Sandbox.Server.ApiUrl.ToString());
        Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", Sandbox.Server.Token);
        Environment.SetEnvironmentVariable("DIGITALOCEAN_ACCESS_TOKEN", null);
        return new PowerShellSession();
    }
}
