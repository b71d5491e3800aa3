using System.Management.Automation;
using SwarmTools.Orchestration;

namespace SwarmTools.Infrastructure
{
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

        protected SshAccess Access => new SshAccess(
            IdentityFile is null ? null : GetUnresolvedProviderPathFromPSPath(IdentityFile),
            KnownHostsFile is null ? null : GetUnresolvedProviderPathFromPSPath(KnownHostsFile),
            TrustOnFirstUse);

        /// <summary>
        /// After Ctrl+C the pipeline takes no more writes, but the user must learn what changed:
        /// the host still shows text. Swarm work is state-based, so running it again finishes it.
        /// </summary>
        protected void ReportStopped(System.Collections.Generic.IReadOnlyList<string> done) =>
            Host?.UI?.WriteWarningLine(done.Count == 0
                ? "Stopped before anything was changed on the nodes."
                : $"Stopped. Done so far: {string.Join("; ", done)}. Run the same command again to finish: nodes already in place are left as they are.");
    }
}
