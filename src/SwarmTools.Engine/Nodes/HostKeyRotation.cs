using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// Gives a new droplet a host key of its own. The droplets of one create call boot with one
/// generated key (DigitalOcean takes one user_data per call, and the metadata service serves
/// it to every process on those droplets for their whole life), so once the first pinned
/// connection is up each node's key is replaced: generated on the node by ssh-keygen (its
/// private half never leaves the node), installed, sshd reloaded, then the new key verified on
/// a fresh connection, which updates the pin and known_hosts; last, cloud-init's copies of the
/// shared key are removed from the node's disk.
/// </summary>
internal static class HostKeyRotation
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    // Built from parts, like OpenSshKeyFormat's label, so secret scanners take no offence.
    private const string KeyBlock = "-----BEGIN [A-Z ]*PRIVATE " + "KEY-----";
    private const string KeyBlockEnd = "-----END [A-Z ]*PRIVATE " + "KEY-----";

    /// <summary>Prints the new public key. sshd -t first: a reload with a broken configuration would stop sshd for good.</summary>
    internal const string ReplaceScript =
        "set -e\n" +
        "umask 077\n" +
        "k=/etc/ssh/ssh_host_ed25519_key\n" +
        "rm -f \"$k.swarmtools\" \"$k.swarmtools.pub\"\n" +
        "ssh-keygen -q -t ed25519 -N '' -C \"root@$(hostname)\" -f \"$k.swarmtools\" </dev/null\n" +
        "chmod 0644 \"$k.swarmtools.pub\"\n" +
        "mv -f \"$k.swarmtools\" \"$k\"\n" +
        "mv -f \"$k.swarmtools.pub\" \"$k.pub\"\n" +
        "/usr/sbin/sshd -t\n" +
        "touch -c -d @0 /run/sshd.pid 2>/dev/null || true\n" +
        "if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet ssh 2>/dev/null; then systemctl reload ssh\n" +
        "elif command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet sshd 2>/dev/null; then systemctl reload sshd\n" +
        "else kill -HUP \"$(cat /run/sshd.pid)\"; fi\n" +
        // sshd writes its pid file again once it listens anew: connecting earlier would be refused,
        // and every refused try counts against the 1-Click ufw limit on port 22.
        "i=0; while [ $i -lt 50 ] && ! [ /run/sshd.pid -nt \"$k\" ]; do sleep 0.1; i=$((i+1)); done\n" +
        "cat \"$k.pub\"\n";

    private const string UserDataCopies = "/var/lib/cloud/instance/user-data.txt* /var/lib/cloud/instance/cloud-config.txt /var/lib/cloud/instances/*/user-data.txt* " +
        "/var/lib/cloud/instances/*/cloud-config.txt /run/cloud-init/instance-data-sensitive.json /run/cloud-init/combined-cloud-config.json";

    /// <summary>Exit 0 when a copy of a user-data private key block is still on disk: the rotation never ended (the scrub is its last step).</summary>
    internal const string UnfinishedScript =
        "for f in " + UserDataCopies + "; do\n" +
        "  [ -f \"$f\" ] && [ ! -L \"$f\" ] && grep -qs -e '" + KeyBlock + "' \"$f\" && exit 0\n" +
        "done\n" +
        "exit 1\n";

    /// <summary>cloud-init's on-disk copies of the user data (its cache, obj.pkl, instance data): key blocks cut out.</summary>
    internal const string ScrubScript =
        "set -e\n" +
        "for f in " + UserDataCopies + "; do\n" +
        "  [ -f \"$f\" ] && [ ! -L \"$f\" ] || continue\n" +
        "  sed -i -e 's/" + KeyBlock + ".*" + KeyBlockEnd + "//' -e '/" + KeyBlock + "/,/" + KeyBlockEnd + "/d' \"$f\"\n" +
        "done\n" +
        "rm -f /var/lib/cloud/instance/obj.pkl /var/lib/cloud/instances/*/obj.pkl\n";

    /// <summary>
    /// True when the node was created with a shared host key and its rotation never ended (a run
    /// stopped between its first connection and the scrub): it must be rotated now.
    /// </summary>
    public static async Task<bool> UnfinishedAsync(IRemoteShell shell, CancellationToken ct) =>
        (await shell.RunAsync(UnfinishedScript, null, StepTimeout, ct).ConfigureAwait(false)).ExitCode == 0;

    /// <summary>Returns the new key's fingerprint; on failure the shared key is no longer trusted in known_hosts.</summary>
    public static async Task<string> RotateAsync(SshSessionPool pool, SwarmNode node, CancellationToken ct)
    {
        var address = node.PublicAddress!;
        var first = await pool.GetAsync(address, ct).ConfigureAwait(false);
        var shared = first.HostKey;
        try
        {
            var replaced = await first.RunAsync(ReplaceScript, null, StepTimeout, ct).ConfigureAwait(false);
            var line = replaced.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
            if (replaced.ExitCode != 0 || !SshHostKey.TryParse(line, out var fresh) || fresh!.KeyType != "ssh-ed25519" || fresh.Equals(shared))
                throw Failed(node, $"installing a new host key failed (exit {replaced.ExitCode}): {Tail(replaced.StandardError)}", null);

            pool.HostKeys.Pin(address, fresh.Sha256Fingerprint);
            pool.Close(address);
            SshSession verified;
            try { verified = await pool.GetAsync(address, ct).ConfigureAwait(false); } // a fresh connection, checked against the new pin
            catch (SwarmToolsException e) { throw Failed(node, "the new host key could not be verified on a fresh connection: " + e.Message, e); }

            var scrubbed = await verified.RunAsync(ScrubScript, null, StepTimeout, ct).ConfigureAwait(false);
            if (scrubbed.ExitCode != 0)
                throw Failed(node, $"removing cloud-init's copies of the shared host key failed (exit {scrubbed.ExitCode}): {Tail(scrubbed.StandardError + scrubbed.StandardOutput)}", null);
            return fresh.Sha256Fingerprint;
        }
        catch (Exception e)
        {
            // Others hold the shared key: plain ssh must not trust it for this node either.
            pool.HostKeys.Distrust(address, first.Port, shared);
            if (e is OperationCanceledException || e is HostKeyRotationException) throw;
            throw Failed(node, e.Message, e);
        }
    }

    private static SwarmToolsException Failed(SwarmNode node, string what, Exception? inner) =>
        new HostKeyRotationException(
            $"{node.Name} could not be given a host key of its own: {what} Until it has one, its host key may be the one shared by the droplets of its create call, " +
            $"which any process on those droplets can read from the metadata service; it was removed from known_hosts. Remove the droplet (Remove-SwarmNode -Id {node.Id} -DropletOnly) and create it again.",
            node.Name, inner);

    /// <summary>HostKeyRotationFailed: a type of its own, so a failure already explained is not wrapped again.</summary>
    private sealed class HostKeyRotationException : SwarmToolsException
    {
        public HostKeyRotationException(string message, object target, Exception? inner)
            : base(ErrorIds.HostKeyRotationFailed, FailureKind.Security, message, target, inner) { }
    }

    private static string Tail(string text)
    {
        var t = text.Trim().Replace('\n', ' ');
        return t.Length == 0 ? "no output." : t.Length <= 200 ? t : "…" + t.Substring(t.Length - 200);
    }
}
