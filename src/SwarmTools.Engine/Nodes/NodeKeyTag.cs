using System;
using System.Collections.Generic;
using System.Linq;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// The droplet's record of the SSH key it was created with: a tag holding the key's MD5
/// fingerprint (how DigitalOcean names keys), e.g. swarmtools-key:3b:16:bf:…. Any later session
/// finds the matching private key from it (<see cref="Ssh.PrivateKeyLookup"/>).
/// </summary>
public static class NodeKeyTag
{
    public const string Prefix = "swarmtools-key:";

    public static string For(SshPublicKey key) => Prefix + key.Md5Fingerprint;

    /// <summary>The fingerprint recorded in <paramref name="tags"/>, if any.</summary>
    public static string? Fingerprint(IEnumerable<string> tags) =>
        tags.FirstOrDefault(t => t.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))?.Substring(Prefix.Length).ToLowerInvariant();
}
