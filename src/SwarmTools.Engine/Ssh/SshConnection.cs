using System;
using Renci.SshNet;

namespace SwarmTools.Engine.Ssh;

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
    private volatile bool _disposed;

    public bool IsConnected => !_disposed && Client.IsConnected;

    /// <summary>Idempotent: a lost connection is dropped by its session, then disposed again when replaced.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Client.Dispose();
        _auth.Dispose();
        _key.Dispose();
    }
}
