using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Finds the private key that pairs with a public key's MD5 fingerprint: first the keys this
/// process saw beside a -SshKey .pub, then the user's ~/.ssh (a private key with its .pub beside
/// it, under any name; or an unencrypted private key alone, whose public half is derived), then
/// the machine folders of docker-machine's store (nodes adopted from it keep their keys there).
/// </summary>
public static class PrivateKeyLookup
{
    private static readonly ConcurrentDictionary<string, string> Remembered = new ConcurrentDictionary<string, string>();
    private static readonly ConcurrentDictionary<string, (DateTime Stamp, ILookup<string, string> Keys)> Scans =
        new ConcurrentDictionary<string, (DateTime, ILookup<string, string>)>();

    /// <summary>The user's ~/.ssh.</summary>
    public static string UserSshDirectory => UserHome.SshDirectory;

    /// <summary>The keys a user usually has in ~/.ssh, in the order ssh tries them (the .pub files beside them: <see cref="SwarmTools.Engine.Ssh.SshPublicKey.UsualFiles"/>).</summary>
    public static readonly string[] UsualNames = { "id_ed25519", "id_ecdsa", "id_rsa" };

    /// <summary>
    /// The private key beside a .pub file (id_ed25519 for id_ed25519.pub), if it is there; remembered,
    /// so nodes made with that key and read back later in this process are reached with it.
    /// </summary>
    public static string? Beside(SshPublicKey key)
    {
        var path = key.Path;
        if (path is null || !path.EndsWith(".pub", StringComparison.Ordinal) || !File.Exists(path.Substring(0, path.Length - 4))) return null;
        return Remembered[key.Md5Fingerprint] = path.Substring(0, path.Length - 4);
    }

    /// <summary>Remembers the private key that reaches nodes adopted with it (Import-SwarmNode).</summary>
    public static void Remember(string md5Fingerprint, string privateKeyPath) => Remembered[md5Fingerprint] = privateKeyPath;

    /// <summary>The path of the private key for <paramref name="md5Fingerprint"/>, or null when none is found.</summary>
    public static string? For(string md5Fingerprint)
    {
        if (Remembered.TryGetValue(md5Fingerprint, out var path) && File.Exists(path)) return path;
        return Scan(UserSshDirectory)[md5Fingerprint].FirstOrDefault(File.Exists)
            ?? DockerMachineStore.MachineFolders(DockerMachineStore.DefaultPath).SelectMany(f => Scan(f)[md5Fingerprint]).FirstOrDefault(File.Exists);
    }

    /// <summary>fingerprint → private key paths in <paramref name="directory"/>; read again when the folder changes.</summary>
    private static ILookup<string, string> Scan(string directory)
    {
        if (!Directory.Exists(directory)) return Array.Empty<string>().ToLookup(x => x);
        var stamp = Directory.GetLastWriteTimeUtc(directory);
        if (Scans.TryGetValue(directory, out var cached) && cached.Stamp == stamp) return cached.Keys;
        var keys = Directory.EnumerateFiles(directory)
            .Where(f => !f.EndsWith(".pub", StringComparison.Ordinal))
            .Select(f => (Fingerprint: FingerprintOf(f), Path: f))
            .Where(k => k.Fingerprint != null)
            .ToLookup(k => k.Fingerprint!, k => k.Path);
        Scans[directory] = (stamp, keys);
        return keys;
    }

    /// <summary>The MD5 fingerprint of a private key file: from its .pub, else derived; null when it is not a usable key.</summary>
    private static string? FingerprintOf(string privateKeyPath)
    {
        try
        {
            if (File.Exists(privateKeyPath + ".pub"))
                return SshPublicKey.Parse(File.ReadAllText(privateKeyPath + ".pub"), privateKeyPath + ".pub").Md5Fingerprint;
            // known_hosts, config and the like are not keys: only PEM-armoured files are parsed.
            if (new FileInfo(privateKeyPath).Length > 64 * 1024) return null;
            var first = File.ReadLines(privateKeyPath).FirstOrDefault() ?? "";
            if (!first.StartsWith("-----BEGIN", StringComparison.Ordinal)) return null;
            return SshCredentials.FromFile(privateKeyPath).PublicKeyMd5Fingerprint;
        }
        catch (Exception e) when (e is SwarmToolsException || e is IOException || e is UnauthorizedAccessException)
        {
            return null; // a passphrase-protected or unreadable key cannot be matched without its .pub
        }
    }
}
