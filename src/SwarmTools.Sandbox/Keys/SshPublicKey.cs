using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Sandbox.Keys;

/// <summary>
/// Parses an OpenSSH public key line (`type base64 [comment]`) and computes its MD5 fingerprint:
/// the MD5 of the decoded blob as lowercase hex pairs joined by ':' (`ssh-keygen -l -E md5`).
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
    public static string? Fingerprint(string publicKey)
    {
        var parts = publicKey.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !KnownTypes.Contains(parts[0]))
            return null;
        var blob = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], blob, out var length) || !BlobDeclares(blob.AsSpan(0, length), parts[0]))
            return null;
        var hash = MD5.HashData(blob.AsSpan(0, length));
        return string.Join(':', hash.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
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
