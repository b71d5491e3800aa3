using System;
using System.IO;
using System.Management.Automation;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.LocalSandbox;

namespace SwarmTools.Commands;

/// <summary>Starts the local DigitalOcean-compatible sandbox and points this session at it.</summary>
/// <remarks>
/// <para>The sandbox is a DigitalOcean-compatible API on 127.0.0.1, started from the module folder.
/// Until Stop-SwarmSandbox, $env:DIGITALOCEAN_API_URL and $env:DIGITALOCEAN_TOKEN point at it, so
/// every SwarmTools cmdlet of the session works against it instead of the cloud.</para>
/// <para>Run as root (Linux), its droplets boot as lab hosts: network namespaces with their own
/// sshd, dockerd and ufw, shaped like DigitalOcean droplets, so the whole walkthrough runs for real
/// on this machine. Otherwise, or with -ApiOnly, droplets exist in the API only.</para>
/// </remarks>
/// <note>One sandbox runs per session; one lab sandbox runs per machine (lab hosts share a gateway
/// address). API-only sandboxes can run beside it.</note>
/// <note>The sandbox's token is not a property of the object it returns and never appears in any
/// output.</note>
/// <seealso cref="StopSwarmSandbox"/>
/// <seealso cref="NewSwarmNode"/>
[Cmdlet(VerbsLifecycle.Start, "SwarmSandbox", SupportsShouldProcess = true)]
[OutputType(typeof(SwarmSandbox))]
public sealed class StartSwarmSandbox : SwarmCmdlet
{
    /// <summary>Seconds a droplet stays "new" before it turns "active", as on DigitalOcean.</summary>
    [Parameter]
    [ValidateRange(0.0, 3600.0)]
    public double BootSeconds { get; set; } = 3;

    /// <summary>The account's droplet limit the sandbox enforces (DigitalOcean's default for new accounts: 25).</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int DropletLimit { get; set; } = 25;

    /// <summary>Requests per minute before the sandbox answers 429 (DigitalOcean: 250).</summary>
    [Parameter]
    [ValidateRange(1, 1000000)]
    public int RatePerMinute { get; set; } = 250;

    /// <summary>Lab hosts: seconds after a droplet turns "active" before its SSH answers.</summary>
    [Parameter]
    [ValidateRange(0.0, 3600.0)]
    public double SshdDelaySeconds { get; set; } = 1;

    /// <summary>Lab hosts: seconds after SSH before Docker answers.</summary>
    [Parameter]
    [ValidateRange(0.0, 3600.0)]
    public double DockerdDelaySeconds { get; set; } = 1;

    /// <summary>Gives the session a custom-scoped token with only these scopes (e.g. droplet:read, droplet:create), to try a token before making it on DigitalOcean.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidatePattern(@"^[a-z_]+:[a-z_*]+$")]
    public string[]? TokenScope { get; set; }

    /// <summary>
    /// What a droplet create with tags does for a token without tag:create, which DigitalOcean
    /// does not document: Refuse (403, nothing made) or Untagged (the droplets are made without
    /// their tags). Try both before using such a token on DigitalOcean.
    /// </summary>
    [Parameter]
    [ValidateSet("Refuse", "Untagged")]
    public string TagCreateMissing { get; set; } = "Refuse";

    /// <summary>Droplets exist in the API only; they do not boot as lab hosts (no root needed).</summary>
    [Parameter]
    public SwitchParameter ApiOnly { get; set; }

    protected override void EndProcessing()
    {
        if (SandboxRegistry.Current is SwarmSandbox running && running.Running)
        {
            ThrowTerminatingError(ToErrorRecord(new SwarmToolsException(ErrorIds.SandboxAlreadyRunning, FailureKind.InvalidOperation,
                $"A sandbox is already running at {running.ApiUrl} in this session. Stop it first with Stop-SwarmSandbox.", running)));
        }
        if (!ShouldProcess("local sandbox on 127.0.0.1", "Start")) return;

        var apiOnly = ApiOnly.IsPresent;
        if (!apiOnly && !LabSupport.IsRoot)
        {
            WriteWarning("Not running as root: the sandbox's droplets will exist in the API only. Lab hosts (real sshd, dockerd and ufw per droplet) need root; pass -ApiOnly to silence this.");
            apiOnly = true;
        }
        var options = new SandboxLaunchOptions { BootSeconds = BootSeconds, DropletLimit = DropletLimit, RatePerMinute = RatePerMinute, ApiOnly = apiOnly,
            SshdDelaySeconds = SshdDelaySeconds, DockerdDelaySeconds = DockerdDelaySeconds, TokenScopes = TokenScope,
            TagCreateMissing = TagCreateMissing.ToLowerInvariant() };
        var dll = Path.Combine(Path.GetDirectoryName(typeof(StartSwarmSandbox).Assembly.Location)!, "sandbox", "SwarmTools.Sandbox.dll");
        SandboxServer server;
        try
        {
            server = RunOffPipeline((q, ct) => SandboxServer.StartAsync(dll, options, TimeSpan.FromSeconds(60), ct));
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ToErrorRecord(e));
            return;
        }

        var sandbox = new SwarmSandbox(server,
            Environment.GetEnvironmentVariable(ApiCredentials.ApiUrlVariable),
            Environment.GetEnvironmentVariable(ApiCredentials.TokenVariable));
        Environment.SetEnvironmentVariable(ApiCredentials.ApiUrlVariable, server.ApiUrl.ToString());
        Environment.SetEnvironmentVariable(ApiCredentials.TokenVariable, server.Token);
        SandboxRegistry.Current = sandbox;
        WriteVerbose($"Sandbox listening on {server.ApiUrl} (process {server.ProcessId}); $env:{ApiCredentials.ApiUrlVariable} and $env:{ApiCredentials.TokenVariable} now point at it.");
        WriteObject(sandbox);
    }
}

internal static class LabSupport
{
    /// <summary>Lab hosts need network namespaces, so root; HOME-independent check via /proc.</summary>
    public static bool IsRoot =>
        System.IO.File.Exists("/proc/self/status")
        && System.Linq.Enumerable.Any(System.IO.File.ReadLines("/proc/self/status"), l => l.StartsWith("Uid:") && l.Split('\t')[1] == "0");
}

/// <summary>The session's sandbox, so Stop-SwarmSandbox (and Remove-Module) work without pipeline input.</summary>
internal static class SandboxRegistry
{
    public static SwarmSandbox? Current { get; set; }

    /// <summary>
    /// Stops the sandbox and points the session back where it was, but only where it still points
    /// at this sandbox: the user may have pointed it elsewhere since.
    /// </summary>
    public static void Stop(SwarmSandbox sandbox)
    {
        sandbox.Server.Dispose();
        if (Environment.GetEnvironmentVariable(ApiCredentials.ApiUrlVariable) == sandbox.ApiUrl.ToString())
        {
            Environment.SetEnvironmentVariable(ApiCredentials.ApiUrlVariable, sandbox.PreviousUrl);
            Environment.SetEnvironmentVariable(ApiCredentials.TokenVariable, sandbox.PreviousToken);
        }
        if (ReferenceEquals(Current, sandbox)) Current = null;
    }
}
