using System;
using Renci.SshNet;

namespace SwarmTools.Ssh
{
    /// <summary>A connected SSH.NET client with what it owns: its parsed key and the host key it verified.</summary>
    internal sealed class SshConnection : IDisposable
    {
        private readonly PrivateKeyFile _key;
        private readonly PrivateKeyAuthenticationMethod _auth;

        public SshConnection(SshClient client, PrivateKeyFile key, PrivateKeyAuthenticationMethod auth, SshHostKey hostKey)
        {
            Client = client;
            _key = key;
            _auth = auth;
            HostKey = hostKey;
        }

        public SshClient Client { get; }
        public SshHostKey HostKey { get; }
        public bool IsConnected => Client.IsConnected;

        public void Dispose()
        {
            Client.Dispose();
            _auth.Dispose();
            _key.Dispose();
        }
    }
}
