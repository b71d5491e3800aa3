using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Sandbox.Keys;

/// <summary>
/// Parses an OpenSSH public key line (`type base64 [comment]`) and computes its MD5 fingerprint:
/// the MD5 of the decoded blob as lowercase hex pairs joined by ':' (`ssh-keygen -l -E md5`),
/// or its SHA-256 fingerprint as `ssh-keygen -l` prints it.
/// </summary>
public static class SshPublicKey
{
    public const string InvalidMessage = "Key invalid, key should be of the format `type key [comment]`";

    private static readonly HashSet<string> KnownTypes =
    [
        "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ];

    /// <summary>The fingerprint, or null when the text is not a public key whose blob matches its type.</summary>
    public static string? Fingerprint(string publicKey) =>
        Blob(publicKey) is { } blob
            ? string.Join(':', MD5.HashData(blob).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)))
            : null;

    /// <summary>`SHA256:` and the unpadded base64 of the blob's SHA-256, or null when the text is not a public key.</summary>
    public static string? Sha256Fingerprint(string publicKey) =>
        Blob(publicKey) is { } blob ? "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=') : null;

    private static byte[]? Blob(string publicKey)
    {
        var parts = publicKey.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !KnownTypes.Contains(parts[0]))
            return null;
        var blob = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], blob, out var length) || !BlobDeclares(blob.AsSpan(0, length), parts[0]))
            return null;
        return blob[..length];
    }

    // The blob starts with its own type name (uint32 length + ASCII); a mismatch means a mangled key.
    private static bool BlobDeclares(ReadOnlySpan<byte> blob, string type)
    {
        if (blob.Length < 4)
            return false;
        var nameLength = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return nameLength == type.Length && blob.Length >= 4 + type.Length
            && Encoding.ASCII.GetString(blob.Slice(4, type.Length)) == type;
    }
}
