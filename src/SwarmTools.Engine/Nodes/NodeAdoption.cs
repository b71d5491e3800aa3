using System;
using System.Collections.Generic;
using System.Linq;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// The rules for adopting droplets SwarmTools did not make (Import-SwarmNode): which ones it may
/// take into a swarm, and the host keys the user expects them to show.
/// </summary>
public static class NodeAdoption
{
    /// <summary>
    /// Refuses a droplet that belongs to another swarm: it carries the default swarm tag while another
    /// -SwarmTag is asked for, or a SwarmTools key tag (made or adopted by the module) without this swarm's tag.
    /// </summary>
    public static void CheckNotInAnotherSwarm(Droplet droplet, string swarmTag)
    {
        bool Has(string tag) => droplet.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase);
        if (Has(swarmTag)) return;
        var other = Has(NodeSpec.DefaultSwarmTag) ? NodeSpec.DefaultSwarmTag
            : NodeKeyTag.Fingerprint(droplet.Tags) != null ? string.Join(", ", droplet.Tags) : null;
        if (other != null)
            throw new SwarmToolsException(ErrorIds.DropletInAnotherSwarm, FailureKind.InvalidOperation,
                $"Droplet {droplet.Name} (id {droplet.Id}) is already tagged for another swarm ({other}), not for '{swarmTag}'. " +
                "Import it with that -SwarmTag, or take it out of that swarm first; nothing was changed.", droplet.Name);
    }

    /// <summary>
    /// The SHA256 fingerprint the user expects: given as a fingerprint ("SHA256:…", as ssh-keygen -l prints),
    /// or a key line as ssh-keyscan prints it on the droplet's console ("localhost ssh-ed25519 AAAA…"), or as a .pub holds it.
    /// </summary>
    public static string ExpectedFingerprint(string nodeName, string expected)
    {
        var text = (expected ?? "").Trim();
        var fingerprint = SshHostKey.NormalizeFingerprint(text);
        if (fingerprint != null) return fingerprint;
        var words = text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        // ssh-keyscan puts the host first; a .pub line has a comment last.
        for (var i = 0; i + 1 < words.Length; i++)
            if (SshHostKey.TryParse(words[i] + " " + words[i + 1], out var key)) return key!.Sha256Fingerprint;
        throw new SwarmToolsException(ErrorIds.InvalidHostKey, FailureKind.InvalidArgument,
            $"-HostKeyFingerprint: the expected host key for {nodeName} is neither a SHA256 fingerprint ('SHA256:…', as ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub prints on its console) " +
            "nor a public key line (as ssh-keyscan localhost prints there).", nodeName);
    }

    /// <summary>The tags adoption puts on a droplet: the swarm tag and the tag of the key that reaches it.</summary>
    public static IReadOnlyList<string> TagsFor(string swarmTag, string keyMd5Fingerprint) =>
        new[] { swarmTag, NodeKeyTag.Prefix + keyMd5Fingerprint };
}
