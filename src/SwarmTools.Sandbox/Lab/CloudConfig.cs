using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// The part of a droplet's user_data that the lab honours (lab.md): from `#cloud-config`, the
/// `ssh_keys:` host keys and `runcmd:`; a whole script when user_data starts with `#!`; and a
/// multi-part MIME message of those (UserDataParts). Every other key is ignored, as are other
/// user_data formats. Nothing here is ever printed:
/// the host keys are secrets.
/// </summary>
public sealed record CloudConfig(IReadOnlyDictionary<string, string> HostKeyFiles, string? RuncmdScript)
{
    public const string Header = "#cloud-config";

    // cloud-init's own host key types (cc_ssh); DSA is gone from both cloud-init and Debian 12's sshd.
    private static readonly string[] KeyTypes = ["rsa", "ecdsa", "ed25519"];

    public static CloudConfig Empty { get; } = new(new Dictionary<string, string>(), null);

    public static CloudConfig Parse(string? userData)
    {
        if (userData is null)
            return Empty;
        if (UserDataParts.Split(userData) is { } parts)
            return Combine(parts);
        if (userData.StartsWith("#!", StringComparison.Ordinal))
            return Empty with { RuncmdScript = userData };
        if (!userData.StartsWith(Header, StringComparison.Ordinal))
            return Empty;

        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(userData));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        }
        catch (YamlException e)
        {
            // cloud-init boots on without the config and ends in `error`; only the position is
            // reported, never the text (it may hold keys).
            return Empty with { RuncmdScript = Failing($"user_data #cloud-config is not valid YAML (line {e.Start.Line}, column {e.Start.Column}); it was ignored") };
        }
        if (root is null)
            return Empty;
        return new CloudConfig(HostKeys(Child(root, "ssh_keys")), Runcmd(Child(root, "runcmd")));
    }

    /// <summary>
    /// A multi-part message: the cloud-configs' host keys (a later part's win), then their runcmd
    /// and the scripts in order, as one script that runs each in turn and stops at a failure.
    /// </summary>
    private static CloudConfig Combine(IReadOnlyList<(string Type, string Body)> parts)
    {
        var keys = new Dictionary<string, string>();
        var scripts = new List<string>();
        foreach (var (type, body) in parts)
        {
            if (type == UserDataParts.CloudConfigType)
            {
                var config = Parse(body);
                foreach (var (file, content) in config.HostKeyFiles)
                    keys[file] = content;
                if (config.RuncmdScript is { } runcmd)
                    scripts.Add(runcmd);
            }
            else if (type == UserDataParts.ScriptType)
                scripts.Add(body);
        }
        return new CloudConfig(keys, scripts.Count switch { 0 => null, 1 => scripts[0], _ => InTurn(scripts) });
    }

    // Each script goes to a file through a quoted here-document (nothing in it is expanded).
    private static string InTurn(IReadOnlyList<string> scripts)
    {
        var runner = new StringBuilder("#!/bin/sh\nset -e\nparts=$(mktemp -d)\n");
        for (var i = 0; i < scripts.Count; i++)
        {
            var end = "SWARMTOOLS_LAB_PART_" + Guid.NewGuid().ToString("N");
            var body = scripts[i].EndsWith('\n') ? scripts[i] : scripts[i] + "\n";
            runner.Append($"cat >\"$parts/{i}\" <<'{end}'\n").Append(body).Append(end).Append('\n');
            runner.Append(body.StartsWith("#!", StringComparison.Ordinal) ? $"chmod +x \"$parts/{i}\"; \"$parts/{i}\"\n" : $"sh \"$parts/{i}\"\n");
        }
        return runner.ToString();
    }

    // ssh_keys: {ed25519_private: |…, ed25519_public: …}: the files lab.sh takes (README "statedir").
    private static Dictionary<string, string> HostKeys(YamlNode? node)
    {
        var files = new Dictionary<string, string>();
        if (node is not YamlMappingNode keys)
            return files;
        foreach (var type in KeyTypes)
        {
            if (Scalar(Child(keys, $"{type}_private")) is not { } privateKey)
                continue; // a public key alone is no host key
            files[$"ssh_host_{type}_key"] = AsFile(privateKey);
            if (Scalar(Child(keys, $"{type}_public")) is { } publicKey)
                files[$"ssh_host_{type}_key.pub"] = AsFile(publicKey);
        }
        return files;
    }

    /// <summary>Rendered as cloud-init's shellify does: strings verbatim, lists as single-quoted words.</summary>
    private static string? Runcmd(YamlNode? node)
    {
        if (node is null)
            return null;
        if (node is not YamlSequenceNode commands)
            return Failing("runcmd must be a list; it was ignored");
        var script = new StringBuilder("#!/bin/sh\n");
        foreach (var command in commands)
        {
            switch (command)
            {
                case YamlScalarNode line:
                    script.Append(line.Value).Append('\n');
                    break;
                case YamlSequenceNode argv when argv.All(a => a is YamlScalarNode):
                    script.AppendJoin(' ', argv.Select(a => Quote(((YamlScalarNode)a).Value ?? ""))).Append('\n');
                    break;
                default:
                    return Failing("runcmd entries must be strings or lists of strings; runcmd was ignored");
            }
        }
        return script.ToString();
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // A runcmd that reports the problem in cloud-init-output.log and sets the boot status to `error`.
    private static string Failing(string problem) =>
        $"#!/bin/sh\necho {Quote("cloud-init (SwarmTools lab): " + problem)} >&2\nexit 1\n";

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == key).Value;

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode { Value: { Length: > 0 } v } ? v : null;

    // ssh-keygen and sshd want LF line ends and a final newline.
    private static string AsFile(string text)
    {
        var lf = text.ReplaceLineEndings("\n");
        return lf.EndsWith('\n') ? lf : lf + "\n";
    }
}
