using System.Management.Automation;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that call the API and reach nodes over SSH: -Token (<see cref="ApiCmdlet"/>)
/// and the SSH parameters of <see cref="SshCmdlet"/> (PowerShell takes parameters from one line of bases only).
/// </summary>
public abstract class DigitalOceanCmdlet : ApiCmdlet
{
    /// <summary>The private key to connect to the nodes with (OpenSSH or PEM format, without passphrase).</summary>
    /// <value>the key the node was created with (found by its fingerprint tag), else ~/.ssh/id_ed25519, id_ecdsa, id_rsa</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath(MustExist = true)]
    public string? IdentityFile { get; set; }

    /// <summary>The known_hosts file that trusted host keys are read from and recorded in (OpenSSH format, so ssh and the docker CLI trust the nodes too).</summary>
    /// <value>~/.ssh/known_hosts</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath]
    public string? KnownHostsFile { get; set; }

    /// <summary>Accept and record the host key of a node that is neither pinned nor in known_hosts (nodes SwarmTools did not create).</summary>
    [Parameter]
    public SwitchParameter TrustOnFirstUse { get; set; }

    protected SshAccess Access => SshCmdlet.AccessOf(this, IdentityFile, KnownHostsFile, TrustOnFirstUse);
}
