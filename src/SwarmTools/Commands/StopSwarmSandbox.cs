using System;
using System.Management.Automation;
using SwarmTools.DigitalOcean;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands
{
    /// <summary>Stops a sandbox (its hosts are removed) and restores the API variables it replaced.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "SwarmSandbox", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class StopSwarmSandbox : SwarmCmdlet
    {
        /// <summary>The sandbox to stop (default: the one this session started).</summary>
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

            sandbox.Server.Dispose();
            // Restore only what we set: the user may have pointed the session elsewhere since.
            if (Environment.GetEnvironmentVariable(ApiCredentials.ApiUrlVariable) == sandbox.ApiUrl.ToString())
            {
                Environment.SetEnvironmentVariable(ApiCredentials.ApiUrlVariable, sandbox.PreviousUrl);
                Environment.SetEnvironmentVariable(ApiCredentials.TokenVariable, sandbox.PreviousToken);
            }
            if (ReferenceEquals(SandboxRegistry.Current, sandbox)) SandboxRegistry.Current = null;
            WriteVerbose($"Sandbox {sandbox.ApiUrl} stopped.");
        }
    }
}
