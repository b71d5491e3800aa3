using System;
using System.Management.Automation;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands;

/// <summary>Stops a sandbox and restores the API variables it replaced.</summary>
/// <remarks>
/// <para>Stops the sandbox's server and removes its lab hosts (everything they had). If the
/// session still points at it, $env:DIGITALOCEAN_API_URL and $env:DIGITALOCEAN_TOKEN get back the
/// values they had before Start-SwarmSandbox.</para>
/// <para>Without input, it stops the sandbox this session started; with none running it does
/// nothing.</para>
/// </remarks>
/// <note>A sandbox killed without Stop-SwarmSandbox leaves its hosts behind; the next
/// Start-SwarmSandbox clears them.</note>
/// <seealso cref="StartSwarmSandbox"/>
[Cmdlet(VerbsLifecycle.Stop, "SwarmSandbox", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class StopSwarmSandbox : SwarmCmdlet
{
    /// <summary>The sandbox to stop, as Start-SwarmSandbox returned it.</summary>
    /// <value>the sandbox this session started</value>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public SwarmSandbox? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        var sandbox = InputObject ?? SandboxRegistry.Current;
        if (sandbox is null)
        {
            WriteVerbose("No sandbox is running in this session.");
            return;
        }
        if (!ShouldProcess(sandbox.ApiUrl.ToString(), "Stop sandbox")) return;

        SandboxRegistry.Stop(sandbox);
        WriteVerbose($"Sandbox {sandbox.ApiUrl} stopped.");
    }
}
