using System;
using System.IO;
using System.Linq;
using System.Text;
using SwarmTools.Engine.Ssh;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// Puts a generated host key into the droplets' cloud-init user data (#cloud-config ssh_keys),
/// so the module knows each droplet's host key before its first connection: nothing is
/// trusted blindly. The user's own -UserData is combined with it as cloud-init would take it:
/// a #cloud-config gets the ssh_keys block merged in (one document), a #! script travels
/// beside the module's #cloud-config in a multi-part MIME message. What would stop the key
/// from being applied is refused before anything is created, saying why. DigitalOcean takes
/// one user_data per create call, so the droplets of one call (at most 10) share that key
/// until <see cref="HostKeyRotation"/> gives each its own.
/// </summary>
public static class HostKeyUserData
{
    private const string CloudConfigHeader = "#cloud-config";
    private const string MimeBoundary = "==SwarmTools-user-data==";

    public static string With(string? userData, HostKeyPair key)
    {
        var block = SshKeysBlock(key);
        if (userData is null) return CloudConfigHeader + "\n" + block;
        if (userData.StartsWith("#!", StringComparison.Ordinal)) return Mime(CloudConfigHeader + "\n" + block, userData);
        if (userData.StartsWith(CloudConfigHeader, StringComparison.Ordinal)) return Merged(userData, block, key);
        throw Conflict(Kind(userData) + " cannot carry the key: SwarmTools merges its key into a #cloud-config, or sends a #! script beside its own #cloud-config. " +
                       "Write the user data as one of those");
    }

    /// <summary>The user's #cloud-config with ssh_keys added at its top level, checked by reading the result back.</summary>
    private static string Merged(string userData, string block, HostKeyPair key)
    {
        var root = ReadMapping(userData);
        if (Key(root, "ssh_keys") != null)
            throw Conflict("it has its own ssh_keys, which would replace the host key SwarmTools generates and pins. Leave ssh_keys out");
        if (Key(root, "cloud_init_modules") is YamlSequenceNode modules && !modules.Children.Any(IsSshModule))
            throw Conflict("its cloud_init_modules list leaves out ssh, the module that writes host keys. Add ssh to the list, or leave the list out");
        if (Key(root, "disable_root") is YamlScalarNode { Value: var disable } && (disable == "true" || disable == "True" || disable == "yes"))
            throw Conflict("it sets disable_root: true, and SwarmTools connects as root (the account DigitalOcean's ssh_keys go to). Leave disable_root out");

        var merged = userData.TrimEnd('\n', '\r', ' ', '\t') + "\n" + block;
        // Appending at column 0 is a new top-level key unless the text ended oddly: read it
        // back (quietly: the merged text holds the private key, so no parser message is passed on).
        var added = false;
        try
        {
            var check = ReadMapping(merged);
            var keys = Key(check, "ssh_keys") as YamlMappingNode;
            var pinned = keys is null ? null : Key(keys, "ed25519_public") as YamlScalarNode;
            added = pinned?.Value == key.PublicKeyLine && check.Children.Count == root.Children.Count + 1;
        }
        catch (SwarmToolsException) { }
        if (!added)
            throw Conflict("SwarmTools could not add ssh_keys at its top level without changing its meaning. End it with a plain top-level key");
        return merged;
    }

    private static YamlMappingNode ReadMapping(string cloudConfig)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(cloudConfig)); }
        catch (YamlException e)
        {
            throw Conflict($"it is not valid YAML (line {e.Start.Line}, column {e.Start.Column}: {e.Message}), and cloud-init ignores a #cloud-config it cannot read, host key included");
        }
        if (stream.Documents.Count != 1)
            throw Conflict($"it holds {stream.Documents.Count} YAML documents and cloud-init reads a #cloud-config as one. Keep one document");
        if (!(stream.Documents[0].RootNode is YamlMappingNode root) || root.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
            throw Conflict("its top level is not a block mapping (key: value lines), so SwarmTools cannot add ssh_keys to it. Write it as key: value lines");
        return root;
    }

    private static YamlNode? Key(YamlMappingNode map, string name) =>
        map.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == name).Value;

    // A module list entry is "ssh", "cc_ssh", or a list/map whose first item names it.
    private static bool IsSshModule(YamlNode entry)
    {
        var name = entry switch
        {
            YamlScalarNode s => s.Value,
            YamlSequenceNode seq => (seq.Children.FirstOrDefault() as YamlScalarNode)?.Value,
            YamlMappingNode map => (map.Children.FirstOrDefault().Key as YamlScalarNode)?.Value,
            _ => null,
        };
        return name == "ssh" || name == "cc_ssh";
    }

    private static string SshKeysBlock(HostKeyPair key)
    {
        var block = new StringBuilder();
        block.Append("ssh_keys:\n  ed25519_private: |\n");
        foreach (var line in key.PrivateKeyPem.Replace("\r", "").TrimEnd('\n').Split('\n')) block.Append("    ").Append(line).Append('\n');
        block.Append("  ed25519_public: ").Append(key.PublicKeyLine).Append('\n');
        return block.ToString();
    }

    /// <summary>cloud-init's multi-part user data: each part is handled by its own type, the config first.</summary>
    private static string Mime(string cloudConfig, string script)
    {
        var mime = new StringBuilder();
        mime.Append("Content-Type: multipart/mixed; boundary=\"").Append(MimeBoundary).Append("\"\nMIME-Version: 1.0\n\n");
        Part(mime, "text/cloud-config", "swarmtools-host-key.cfg", cloudConfig);
        Part(mime, "text/x-shellscript", "user-data.sh", script);
        mime.Append("--").Append(MimeBoundary).Append("--\n");
        return mime.ToString();
    }

    private static void Part(StringBuilder mime, string type, string fileName, string body)
    {
        mime.Append("--").Append(MimeBoundary).Append('\n')
            .Append("Content-Type: ").Append(type).Append("; charset=\"utf-8\"\n")
            .Append("MIME-Version: 1.0\nContent-Transfer-Encoding: 8bit\n")
            .Append("Content-Disposition: attachment; filename=\"").Append(fileName).Append("\"\n\n")
            .Append(body.EndsWith("\n", StringComparison.Ordinal) ? body : body + "\n");
    }

    private static string Kind(string userData)
    {
        var first = userData.Split('\n')[0].Trim();
        if (userData.Length > 1 && userData[0] == '\x1f' && userData[1] == '\x8b') return "gzip-compressed user data";
        if (first.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)) return "a MIME message of your own";
        return first.StartsWith("#", StringComparison.Ordinal) ? $"user data of type '{first}'" : "user data with no '#cloud-config' or '#!' first line";
    }

    public static SwarmToolsException Conflict(string why) =>
        new SwarmToolsException(ErrorIds.UserDataConflict, FailureKind.InvalidArgument,
            "SwarmTools pins every droplet's SSH host key through cloud-init (ssh_keys), and this -UserData would stop that: " + why +
            ". Or pass -TrustOnFirstUse to accept the droplets' own host keys on first connection, and the user data goes unchanged.", "UserData");
}
