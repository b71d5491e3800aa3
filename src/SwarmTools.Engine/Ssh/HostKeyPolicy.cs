using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Decides whether a host key is trusted. In order: a key revoked in the store is refused; a
/// key pinned for the address (the module made the droplet's host key, so it
/// knows it before the first connection) must match; otherwise the store must know the key;
/// otherwise the host is accepted only with trust-on-first-use, and only when the store knows
/// no key of any type for it (a host known by another key type has changed, as ssh sees it).
/// Whatever is accepted is recorded in the store, so plain ssh works later.
/// Never prompts: a refusal is a <see cref="SwarmToolsException"/> that says what to do.
/// </summary>
public sealed class HostKeyPolicy
{
    private readonly ConcurrentDictionary<string, string> _pins = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <param name="store">Where trusted keys are read and recorded; null to rely on pins alone.</param>
    /// <param name="trustOnFirstUse">Accept and record the key of a host neither pinned nor known (-TrustOnFirstUse).</param>
    public HostKeyPolicy(IHostKeyStore? store, bool trustOnFirstUse = false)
    {
        Store = store;
        TrustOnFirstUse = trustOnFirstUse;
    }

    public IHostKeyStore? Store { get; }
    public bool TrustOnFirstUse { get; }

    /// <summary>
    /// Expects <paramref name="address"/> to present this key. <paramref name="expected"/> is a
    /// fingerprint ("SHA256:…") or a public key line ("ssh-ed25519 AAAA…"). A pin beats the store:
    /// an address DigitalOcean hands out again may have an old key in known_hosts
    /// (<see cref="SshSessionPool.Bind"/> drops the pin when the address passes to another droplet).
    /// </summary>
    public void Pin(string address, string expected)
    {
        IpLiteral.Require(address, "the host to pin");
        var fingerprint = SshHostKey.NormalizeFingerprint(expected)
            ?? (SshHostKey.TryParse(expected, out var key) ? key!.Sha256Fingerprint : null)
            ?? throw new SwarmToolsException(ErrorIds.InvalidHostKey, FailureKind.InvalidArgument,
                $"The expected host key for {address} is neither a SHA256 fingerprint ('SHA256:…', as ssh-keygen -l prints) nor a public key line ('ssh-ed25519 AAAA…').", address);
        _pins[address] = fingerprint;
    }

    /// <summary>The pinned fingerprint for an address, if any.</summary>
    public string? GetPin(string address) => _pins.TryGetValue(address, out var f) ? f : null;

    /// <summary>Forgets the pin of an address (its droplet is gone, or the address belongs to another one now).</summary>
    public void Unpin(string address) => _pins.TryRemove(address, out _);

    /// <summary>Key types to ask the server for first, so it shows the key we can check.</summary>
    internal IReadOnlyList<string> KnownKeyTypes(string address, int port) =>
        Store?.GetKeys(KnownHostsFile.HostName(address, port)).Select(k => k.KeyType).Distinct().ToList()
        ?? (IReadOnlyList<string>)Array.Empty<string>();

    /// <summary>Null when trusted (recording it as needed); otherwise the refusal to report.</summary>
    internal SwarmToolsException? Check(string address, int port, SshHostKey presented)
    {
        IpLiteral.Require(address, "the host to check");
        var host = KnownHostsFile.HostName(address, port);
        if (Store != null && Store.IsRevoked(host, presented))
            return SshErrors.HostKeyRevoked(host, presented, Store);
        var pinned = GetPin(address);
        if (pinned != null)
        {
            if (pinned != presented.Sha256Fingerprint)
                return SshErrors.HostKeyMismatch(host, pinned, presented.Sha256Fingerprint, "pinned when the droplet was created", Store);
            Record(host, presented);
            return null;
        }

        var known = Store?.GetKeys(host) ?? Array.Empty<SshHostKey>();
        if (known.Contains(presented)) return null;
        // Another key of the same type, or only keys of other types: the host changed (ssh refuses both).
        var recorded = known.FirstOrDefault(k => k.KeyType == presented.KeyType) ?? known.FirstOrDefault();
        if (recorded != null)
            return SshErrors.HostKeyMismatch(host, recorded.KeyType + " " + recorded.Sha256Fingerprint, presented.KeyType + " " + presented.Sha256Fingerprint,
                "recorded in " + StoreName(Store), Store);
        if (!TrustOnFirstUse)
            return SshErrors.HostKeyUnknown(host, presented, Store);
        Record(host, presented);
        return null;
    }

    /// <summary>Stops trusting a key the module recorded for a host (the shared boot key, once replaced).</summary>
    internal void Distrust(string address, int port, SshHostKey key) => Store?.RemoveKey(KnownHostsFile.HostName(address, port), key);

    private void Record(string host, SshHostKey key)
    {
        if (Store != null && !Store.GetKeys(host).Contains(key)) Store.SetKey(host, key);
    }

    internal static string StoreName(IHostKeyStore? store) =>
        store is KnownHostsFile f ? f.Path : store?.GetType().Name ?? "no host key store";
}
