using System;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// An SSH wait that ran out of time, while connecting or while a command ran. Code that retries
/// or rephrases such a wait catches this type; it never compares error ids.
/// </summary>
public sealed class SshTimeoutException : SwarmToolsException
{
    public SshTimeoutException(string errorId, bool connecting, string message, object? target = null, Exception? inner = null)
        : base(errorId, FailureKind.Timeout, message, target, inner) => Connecting = connecting;

    /// <summary>True: no connection was made in time (SshConnectTimeout); false: a command did not finish (SshCommandTimeout).</summary>
    public bool Connecting { get; }
}
