using System.Management.Automation;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>Base of the cmdlets that work on nodes over SSH: how to authenticate and which host keys to trust.</summary>
public abstract class SshCmdlet : SwarmCmdlet
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

    protected SshAccess Access => AccessOf(this, IdentityFile, KnownHostsFile, TrustOnFirstUse);

    /// <summary>The SSH parameters as the engine takes them, paths resolved against the cmdlet's location.</summary>
    internal static SshAccess AccessOf(PSCmdlet cmdlet, string? identityFile, string? knownHostsFile, bool trustOnFirstUse) => new SshAccess(
        identityFile is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(identityFile),
        knownHostsFile is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(knownHostsFile),
        trustOnFirstUse,
        // Read here, on the pipeline thread: its default runspace is the one running this cmdlet.
        RunspaceConnectors.For(System.Management.Automation.Runspaces.Runspace.DefaultRunspace));
}
