using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that only call the API: the -Token parameter; the client is an
/// <see cref="ApiSession"/>. Cmdlets that reach nodes over SSH too derive from <see cref="DigitalOceanCmdlet"/>;
/// those that only use SSH from <see cref="SshCmdlet"/>, and have no -Token. Every base derives
/// from <see cref="SwarmCmdlet"/> directly, so it repeats the parameters it shares with the others
/// (PowerShell reads them from the class chain); CmdletBaseTests keeps the copies identical.
/// </summary>
public abstract class ApiCmdlet : SwarmCmdlet
{
    /// <summary>The DigitalOcean API token (a personal access token), as a SecureString. It never appears in any output, error or log.</summary>
    /// <value>$env:DIGITALOCEAN_TOKEN, then $env:DIGITALOCEAN_ACCESS_TOKEN</value>
    [Parameter]
    public SecureString? Token { get; set; }

    private ApiSession? _session;

    /// <summary>The API client machinery, composed (see <see cref="ApiSession"/>); the base only holds -Token.</summary>
    private ApiSession Session => _session ??= new ApiSession(this, () => Token);

    /// <summary>A wrong -Token is refused before any work (<see cref="ApiSession.RefuseWrongToken"/>).</summary>
    protected override void BeginProcessing() => Session.RefuseWrongToken(MyInvocation.BoundParameters.ContainsKey(nameof(Token)));

    protected DigitalOceanClient Api => Session.Api;

    protected DigitalOceanClient? OptionalApi => Session.OptionalApi;

    protected T RunApiOffPipeline<T>(Func<DigitalOceanClient, OutputQueue, CancellationToken, Task<T>> work) => Session.RunOffPipeline(work);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _session?.Dispose();
        base.Dispose(disposing);
    }
}
