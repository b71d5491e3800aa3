using System;
using System.Security.Cryptography;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// A host key pair made here and handed to a droplet in user_data (cloud-init ssh_keys), so its
/// fingerprint is known before the first connection and can be pinned.
/// Generated in memory (SSH.NET cannot generate keys; its dependency BouncyCastle derives the
/// ed25519 public key): no temp file ever holds the private key, and no ssh-keygen is needed.
/// </summary>
public sealed class HostKeyPair
{
    private HostKeyPair(string publicKeyLine, string fingerprint, string privateKeyPem)
    {
        PublicKeyLine = publicKeyLine;
        Sha256Fingerprint = fingerprint;
        PrivateKeyPem = privateKeyPem;
    }

    public string KeyType => "ssh-ed25519";
    /// <summary>"ssh-ed25519 AAAA… comment", as in ssh_host_ed25519_key.pub.</summary>
    public string PublicKeyLine { get; }
    /// <summary>"SHA256:…", as ssh-keygen -l prints it.</summary>
    public string Sha256Fingerprint { get; }
    /// <summary>The OpenSSH private key file text. Goes into user_data only; never printed.</summary>
    internal string PrivateKeyPem { get; }

    public static HostKeyPair GenerateEd25519(string comment = "")
    {
        if (comment is null) throw new ArgumentNullException(nameof(comment));
        var seed = new byte[32];
        using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(seed);
        var publicKey = new byte[32];
        Ed25519.GeneratePublicKey(seed, 0, publicKey, 0);

        var blob = OpenSshKeyFormat.Ed25519PublicBlob(publicKey);
        var pem = OpenSshKeyFormat.Ed25519PrivateKeyPem(seed, publicKey, comment);
        Array.Clear(seed, 0, seed.Length);
        var line = "ssh-ed25519 " + Convert.ToBase64String(blob) + (comment.Length > 0 ? " " + comment : "");
        return new HostKeyPair(line, SshHostKey.Fingerprint(blob), pem);
    }

    /// <summary>The fingerprint only: this object is logged and shown, its private half must not be.</summary>
    public override string ToString() => KeyType + " " + Sha256Fingerprint;
}
