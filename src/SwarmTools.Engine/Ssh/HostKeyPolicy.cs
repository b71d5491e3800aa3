using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Ssh
{
    /// <summary>
    /// Decides whether a host key is trusted. In order: a key pinned for the address (the module
    /// generated the droplet's host key, so it knows it before the first connection) must match;
    /// otherwise the store must know the key; otherwise the host is accepted only with
    /// trust-on-first-use. Whatever is accepted is recorded in the store, so plain ssh works later.
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
        /// an address DigitalOcean hands out again may have an old key in known_hosts.
        /// </summary>
        public void Pin(string address, string expected)
        {
            if (string.IsNullOrWhiteSpace(address)) throw new ArgumentException("An address is required.", nameof(address));
            var fingerprint = SshHostKey.NormalizeFingerprint(expected)
                ?? (SshHostKey.TryParse(expected, out var key) ? key!.Sha256Fingerprint : null)
                ?? throw new SwarmToolsException(ErrorIds.InvalidHostKey, FailureKind.InvalidArgument,
                    $"The expected host key for {address} is neither a SHA256 fingerprint ('SHA256:…', as ssh-keygen -l prints) nor a public key line ('ssh-ed25519 AAAA…').", address);
            _pins[address] = fingerprint;
        }

        /// <summary>The pinned fingerprint for an address, if any.</summary>
        public string? GetPin(string address) => _pins.TryGetValue(address, out var f) ? f : null;

        /// <summary>Key types to ask the server for first, so it shows the key we can check.</summary>
        internal IReadOnlyList<string> KnownKeyTypes(string address, int port) =>
            Store?.GetKeys(KnownHostsFile.HostName(address, port)).Select(k => k.KeyType).Distinct().ToList()
            ?? (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>Null when trusted (recording it as needed); otherwise the refusal to report.</summary>
        internal SwarmToolsException? Check(string address, int port, SshHostKey presented)
        {
            var host = KnownHostsFile.HostName(address, port);
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
            var sameType = known.FirstOrDefault(k => k.KeyType == presented.KeyType);
            if (sameType != null)
                return SshErrors.HostKeyMismatch(host, sameType.Sha256Fingerprint, presented.Sha256Fingerprint, "recorded in " + StoreName(Store), Store);
            if (!TrustOnFirstUse)
                return SshErrors.HostKeyUnknown(host, presented, Store);
            Record(host, presented);
            return null;
        }

        private void Record(string host, SshHostKey key)
        {
            if (Store != null && !Store.GetKeys(host).Contains(key)) Store.SetKey(host, key);
        }

        internal static string StoreName(IHostKeyStore? store) =>
            store is KnownHostsFile f ? f.Path : store?.GetType().Name ?? "no host key store";
    }
}
