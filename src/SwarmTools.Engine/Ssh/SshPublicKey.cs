using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Engine.Ssh;

/// <summary>An OpenSSH public key line ("ssh-ed25519 AAAA… comment") and its DigitalOcean fingerprint.</summary>
public sealed class SshPublicKey
{
    private SshPublicKey(string line, string type, byte[] blob, string comment, string? path)
    {
        Path = path;
        Line = line;
        Type = type;
        Comment = comment;
        Md5Fingerprint = Md5Hex(blob);
    }

    public string Line { get; }
    /// <summary>The file it was read from, if any.</summary>
    public string? Path { get; }
    public string Type { get; }
    public string Comment { get; }
    /// <summary>MD5 of the key blob as lowercase hex pairs joined by ':' — how the API names keys.</summary>
    public string Md5Fingerprint { get; }

    /// <summary>The keys a user usually has, in the order ssh tries them.</summary>
    public static readonly string[] UsualFiles = Ssh.PrivateKeyLookup.UsualNames.Select(n => n + ".pub").ToArray();

    public static SshPublicKey Parse(string text, string source, string? path = null)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)) ?? "";
        var parts = line.Split(new[] { ' ', '\t' }, 3, StringSplitOptions.RemoveEmptyEntries);
        byte[]? blob = null;
        if (parts.Length >= 2 && (parts[0].StartsWith("ssh-", StringComparison.Ordinal) || parts[0].StartsWith("ecdsa-", StringComparison.Ordinal)))
        {
            try { blob = Convert.FromBase64String(parts[1]); } catch (FormatException) { }
        }
        if (blob is null)
            throw new SwarmToolsException(ErrorIds.InvalidSshKey, FailureKind.InvalidArgument,
                $"'{source}' is not an OpenSSH public key (expected a line like 'ssh-ed25519 AAAA… comment'). Pass the .pub file, not the private key.", source);
        return new SshPublicKey(line, parts[0], blob, parts.Length > 2 ? parts[2] : "", path);
    }

    /// <summary>Loads the given file, or the user's usual key when <paramref name="path"/> is null.</summary>
    public static SshPublicKey Load(string? path, string homeDirectory)
    {
        if (path is null)
        {
            var sshDir = System.IO.Path.Combine(homeDirectory, ".ssh");
            path = UsualFiles.Select(f => System.IO.Path.Combine(sshDir, f)).FirstOrDefault(File.Exists);
            if (path is null)
                throw new SwarmToolsException(ErrorIds.SshKeyNotFound, FailureKind.NotFound,
                    $"No SSH public key found in {sshDir} ({string.Join(", ", UsualFiles)}). Pass -SshKey <path of a .pub file>, or create a key with: ssh-keygen -t ed25519", sshDir);
        }
        if (!File.Exists(path))
            throw new SwarmToolsException(ErrorIds.SshKeyNotFound, FailureKind.NotFound,
                $"The SSH public key file '{path}' does not exist. Pass -SshKey with the path of a .pub file.", path);
        return Parse(File.ReadAllText(path), path, path);
    }

    /// <summary>A key blob's MD5 as lowercase hex pairs joined by ':' (the API's fingerprint format, not a security use).</summary>
    internal static string Md5Hex(byte[] blob)
    {
        using var md5 = MD5.Create();
        return string.Join(":", md5.ComputeHash(blob).Select(b => b.ToString("x2")));
    }
}
