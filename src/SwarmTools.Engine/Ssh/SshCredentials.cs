using System;
using System.IO;
using System.Linq;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Who logs in: a user (default root) and an OpenSSH private key (ed25519, RSA, ECDSA; PEM/PKCS#8
/// also work). The key text is kept in memory only, never printed; each connection parses its
/// own copy, so sessions share no key object across threads and own its lifetime.
/// </summary>
public sealed class SshCredentials
{
    private readonly byte[] _keyText;
    private readonly string? _passphrase;

    private SshCredentials(string user, string keyPath, byte[] keyText, string? passphrase, string keyType, string publicKeyMd5Fingerprint = "")
    {
        User = user;
        KeyPath = keyPath;
        KeyType = keyType;
        PublicKeyMd5Fingerprint = publicKeyMd5Fingerprint;
        _keyText = keyText;
        _passphrase = passphrase;
    }

    public string User { get; }
    /// <summary>Where the private key was read from (for messages; never its content).</summary>
    public string KeyPath { get; }
    /// <summary>The key's algorithm name, e.g. "ssh-ed25519".</summary>
    public string KeyType { get; }
    /// <summary>The MD5 fingerprint of the public half, as DigitalOcean and a .pub file name it.</summary>
    public string PublicKeyMd5Fingerprint { get; }

    /// <summary>
    /// Loads a private key. A ".pub" path is taken to mean the private key next to it, so the
    /// -SshKey given to New-SwarmNode can be used as is.
    /// </summary>
    public static SshCredentials FromFile(string privateKeyPath, string? passphrase = null, string user = "root")
    {
        if (string.IsNullOrWhiteSpace(privateKeyPath)) throw new ArgumentException("A key path is required.", nameof(privateKeyPath));
        if (string.IsNullOrWhiteSpace(user)) throw new ArgumentException("A user name is required.", nameof(user));
        var path = privateKeyPath;
        if (path.EndsWith(".pub", StringComparison.OrdinalIgnoreCase) && File.Exists(path.Substring(0, path.Length - 4)))
            path = path.Substring(0, path.Length - 4);
        if (!File.Exists(path))
            throw new SwarmToolsException(ErrorIds.SshKeyNotFound, FailureKind.NotFound,
                $"The SSH private key '{path}' does not exist. Pass the path of the private key whose public key is on the droplets (e.g. ~/.ssh/id_ed25519).", path);
        byte[] text;
        try { text = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new SwarmToolsException(ErrorIds.SshKeyNotReadable, FailureKind.InvalidArgument,
                $"Could not read the SSH private key '{path}': {e.Message}", path, e);
        }
        return FromText(text, path, passphrase, user);
    }

    internal static SshCredentials FromText(byte[] keyText, string source, string? passphrase, string user)
    {
        var credentials = new SshCredentials(user, source, keyText, string.IsNullOrEmpty(passphrase) ? null : passphrase, "");
        using var key = credentials.OpenKey(); // parse once now, so a bad key fails before any connection
        var type = key.Key.ToString() ?? "unknown";
        // The algorithm named like the key (ssh-rsa, not rsa-sha2-256) encodes the blob a .pub file holds.
        var algorithm = key.HostKeyAlgorithms.FirstOrDefault(a => a.Name == type) ?? key.HostKeyAlgorithms.First();
        return new SshCredentials(user, source, keyText, credentials._passphrase, type, SwarmTools.Engine.Ssh.SshPublicKey.Md5Hex(algorithm.Data));
    }

    /// <summary>A fresh parsed key for one connection; the caller disposes it.</summary>
    internal PrivateKeyFile OpenKey()
    {
        try
        {
            return new PrivateKeyFile(new MemoryStream(_keyText, writable: false), _passphrase);
        }
        catch (SshPassPhraseNullOrEmptyException e)
        {
            throw new SwarmToolsException(ErrorIds.SshKeyPassphraseRequired, FailureKind.InvalidArgument,
                $"The SSH private key '{KeyPath}' is protected by a passphrase. Pass the passphrase, or use a key without one.", KeyPath, e);
        }
        catch (Exception e) when (e is SshException || e is FormatException || e is System.Security.Cryptography.CryptographicException
                                  || e is ArgumentException || e is InvalidOperationException || e is NotSupportedException)
        {
            // Messages from the parser never contain key material, but we do not repeat them anyway.
            throw new SwarmToolsException(ErrorIds.SshKeyInvalid, FailureKind.InvalidArgument,
                $"'{KeyPath}' could not be used as an SSH private key ({e.GetType().Name}): the passphrase may be wrong, or it is not an OpenSSH/PEM private key. " +
                "Pass the private key file (not the .pub), e.g. one made with: ssh-keygen -t ed25519", KeyPath, e);
        }
    }

    public override string ToString() => $"{User} with key {KeyPath}";
}
