using System;

namespace SwarmTools.Engine.Ssh;

/// <summary>Every SSH failure a user can see: stable error ids and messages that say what to do next.</summary>
internal static class SshErrors
{
    public static SwarmToolsException HostKeyMismatch(string host, string expected, string presented, string source, IHostKeyStore? store) =>
        new SwarmToolsException(ErrorIds.HostKeyMismatch, FailureKind.Security,
            $"The host key of {host} does not match: expected {expected} ({source}), but the host presented {presented}. " +
            "Someone may be intercepting the connection, or the host was rebuilt or its address reused. " +
            $"If you are sure the host is the one you mean, remove the old key with: ssh-keygen -R {Quote(host)}{FileOption(store)} " +
            "(and for a pinned key, use the node object returned when the droplet was created).", host);

    public static SwarmToolsException HostKeyRevoked(string host, SshHostKey presented, IHostKeyStore? store) =>
        new SwarmToolsException(ErrorIds.HostKeyRevoked, FailureKind.Security,
            $"The host key of {host} ({presented.KeyType} {presented.Sha256Fingerprint}) is marked @revoked in {HostKeyPolicy.StoreName(store)}: it is never trusted. " +
            "The host must get a new host key; if the revocation is a mistake, remove the @revoked line.", host);

    public static SwarmToolsException HostKeyUnknown(string host, SshHostKey presented, IHostKeyStore? store) =>
        new SwarmToolsException(ErrorIds.HostKeyUnknown, FailureKind.Security,
            $"The host key of {host} ({presented.KeyType} {presented.Sha256Fingerprint}) is not known" +
            (store is null ? "" : " in " + HostKeyPolicy.StoreName(store)) + ", and SwarmTools never trusts a host blindly. " +
            "Check the fingerprint (for example in the droplet console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) " +
            "and pass -TrustOnFirstUse to accept and record it, or connect once with ssh to record it.", host);

    public static SwarmToolsException AuthenticationFailed(string user, string host, SshCredentials credentials, Exception inner) =>
        new SwarmToolsException(ErrorIds.SshAuthenticationFailed, FailureKind.Security,
            $"{user}@{host} refused the key '{credentials.KeyPath}' ({credentials.KeyType}). " +
            "Make sure its public key is in the host's authorized_keys (the key given to New-SwarmNode -SshKey), or pass the matching private key.", host, inner);

    public static SwarmToolsException ConnectTimedOut(string user, string address, int port, TimeSpan deadline, Exception? last) =>
        new SshTimeoutException(ErrorIds.SshConnectTimeout, connecting: true,
            $"Could not connect to {user}@{KnownHostsFile.HostName(address, port)} within {Describe(deadline)}" + (last is null ? "." : ": " + Sentence(last.Message)) +
            $" The host may still be booting, port {port} may be closed by a firewall, or the address is wrong. Try again later, or check with: {SshCommandLine(user, address, port)}",
            address, last);

    public static SwarmToolsException ConnectFailed(string user, string address, int port, Exception inner) =>
        new SwarmToolsException(ErrorIds.SshConnectFailed, FailureKind.Connection,
            $"Could not open an SSH session to {user}@{KnownHostsFile.HostName(address, port)}: {Sentence(inner.Message)} " +
            $"Check the address and that the host runs an SSH server on port {port} ({SshCommandLine(user, address, port)}), then try again.", address, inner);

    public static SwarmToolsException CommandTimedOut(string host, string command, TimeSpan timeout) =>
        new SshTimeoutException(ErrorIds.SshCommandTimeout, connecting: false,
            $"The command '{Shorten(command)}' on {host} did not finish within {Describe(timeout)}; it was stopped. " +
            "The host may be overloaded or waiting for a lock (apt, cloud-init); try again, or with a longer timeout.", host);

    public static SwarmToolsException ConnectionLost(string host, Exception inner) =>
        new SwarmToolsException(ErrorIds.SshConnectionLost, FailureKind.Connection,
            $"The SSH connection to {host} was lost: {Sentence(inner.Message)} The host may have rebooted or a firewall may have cut the connection; try again.", host, inner);

    public static SwarmToolsException CommandFailed(string host, string command, Exception inner) =>
        new SwarmToolsException(ErrorIds.SshCommandFailed, FailureKind.InvalidOperation,
            $"The command '{Shorten(command)}' could not be started on {host}: {Sentence(inner.Message)} Try again; if it persists, check the host's sshd (MaxSessions) and logs.", host, inner);

    internal static string Describe(TimeSpan t) =>
        t.TotalSeconds < 120 ? $"{Math.Round(t.TotalSeconds, 1)} s" : $"{Math.Round(t.TotalMinutes, 1)} min";

    // The command text never carries secrets (they travel on stdin), but keep messages short.
    private static string Shorten(string command)
    {
        var oneLine = command.Replace('\n', ' ').Replace('\r', ' ');
        return oneLine.Length <= 80 ? oneLine : oneLine.Substring(0, 77) + "...";
    }

    /// <summary>What to type to try the same connection by hand.</summary>
    internal static string SshCommandLine(string user, string address, int port) =>
        port == 22 ? $"ssh {user}@{address}" : $"ssh -p {port} {user}@{address}";

    private static string Sentence(string text) =>
        text.TrimEnd().EndsWith(".", StringComparison.Ordinal) ? text.TrimEnd() : text.TrimEnd() + ".";

    private static string Quote(string host) => host.StartsWith("[", StringComparison.Ordinal) ? "'" + host + "'" : host;

    private static string FileOption(IHostKeyStore? store) =>
        store is KnownHostsFile f && !f.IsDefault ? " -f " + f.Path : "";
}
