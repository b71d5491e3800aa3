using System.Collections.Generic;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Where trusted host keys live. <c>host</c> is the known_hosts name: "203.0.113.7" on port 22,
/// "[203.0.113.7]:2222" on another port (see <see cref="KnownHostsFile.HostName"/>).
/// Implementations must be thread-safe: sessions to many nodes verify keys in parallel.
/// </summary>
public interface IHostKeyStore
{
    /// <summary>The keys trusted for <paramref name="host"/>; empty when the host is unknown.</summary>
    IReadOnlyList<SshHostKey> GetKeys(string host);

    /// <summary>Trusts <paramref name="key"/> for <paramref name="host"/>, replacing a key of the same type.</summary>
    void SetKey(string host, SshHostKey key);

    /// <summary>Stops trusting <paramref name="key"/> for <paramref name="host"/> (a key the module recorded and then replaced).</summary>
    void RemoveKey(string host, SshHostKey key);

    /// <summary>True when <paramref name="key"/> is revoked for <paramref name="host"/> (known_hosts @revoked): refused even when pinned.</summary>
    bool IsRevoked(string host, SshHostKey key);
}
