using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace SwarmTools.Ssh
{
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
            var pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
            for (var i = 0; i < b64.Length; i += 70) pem.Append(b64, i, Math.Min(70, b64.Length - i)).Append('\n');
            return pem.Append("-----END OPENSSH PRIVATE KEY-----\n").ToString();
        }

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
}
