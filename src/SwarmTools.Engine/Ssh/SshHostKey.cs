using System;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Engine.Ssh;

/// <summary>A host's public key: its type, its blob (base64, as in known_hosts) and its SHA-256 fingerprint.</summary>
public sealed class SshHostKey : IEquatable<SshHostKey>
{
    private readonly byte[] _blob;

    internal SshHostKey(byte[] blob)
    {
        _blob = (byte[])blob.Clone();
        KeyType = ReadKeyType(_blob) ?? throw new FormatException("Not an SSH public key blob.");
        Base64 = Convert.ToBase64String(_blob);
        Sha256Fingerprint = Fingerprint(_blob);
    }

    /// <summary>"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256"… (the type inside the blob, not the signature algorithm).</summary>
    public string KeyType { get; }
    public string Base64 { get; }
    /// <summary>"SHA256:" + unpadded base64, as printed by ssh-keygen -l.</summary>
    public string Sha256Fingerprint { get; }

    /// <summary>Parses "ssh-ed25519 AAAA… [comment]" (a .pub file or the key part of a known_hosts line).</summary>
    public static SshHostKey Parse(string publicKeyLine)
    {
        if (publicKeyLine is null) throw new ArgumentNullException(nameof(publicKeyLine));
        if (!TryParse(publicKeyLine, out var key))
            throw new SwarmToolsException(ErrorIds.InvalidHostKey, FailureKind.InvalidArgument,
                "The host key is not an OpenSSH public key line (expected 'ssh-ed25519 AAAA…').", publicKeyLine);
        return key!;
    }

    public static bool TryParse(string? publicKeyLine, out SshHostKey? key)
    {
        key = null;
        var parts = (publicKeyLine ?? "").Split(new[] { ' ', '\t' }, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return false;
        byte[] blob;
        try { blob = Convert.FromBase64String(parts[1]); }
        catch (FormatException) { return false; }
        // The type outside must agree with the type inside, as ssh-keygen insists.
        if (ReadKeyType(blob) != parts[0]) return false;
        key = new SshHostKey(blob);
        return true;
    }

    internal byte[] GetBlob() => (byte[])_blob.Clone();

    /// <summary>SHA-256 fingerprint of a key blob in ssh-keygen's format.</summary>
    internal static string Fingerprint(byte[] blob)
    {
        using var sha = SHA256.Create();
        return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(blob)).TrimEnd('=');
    }

    /// <summary>Accepts "SHA256:abc…", "abc…" and padded forms; returns "SHA256:abc…" or null.</summary>
    internal static string? NormalizeFingerprint(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) t = t.Substring(7);
        t = t.TrimEnd('=');
        if (t.Length != 43) return null; // 32 bytes in unpadded base64
        try { Convert.FromBase64String(t + "="); }
        catch (FormatException) { return null; }
        return "SHA256:" + t;
    }

    /// <summary>The first SSH string of a blob is its key type.</summary>
    private static string? ReadKeyType(byte[] blob)
    {
        if (blob.Length < 4) return null;
        var len = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        if (len <= 0 || len > 64 || 4 + len > blob.Length) return null;
        return Encoding.ASCII.GetString(blob, 4, len);
    }

    public bool Equals(SshHostKey? other) => other != null && other.Base64 == Base64;
    public override bool Equals(object? obj) => Equals(obj as SshHostKey);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Base64);
    /// <summary>The known_hosts form "type base64" (public data only).</summary>
    public override string ToString() => KeyType + " " + Base64;
}
