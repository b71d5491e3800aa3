using System;
using System.Threading;

namespace SwarmTools.Engine.Ssh;

/// <summary>How to reach a host and how long to keep trying while it boots.</summary>
public sealed class SshConnectOptions
{
    public int Port { get; set; } = 22;

    /// <summary>Keep retrying refused, reset and timed-out connections until this much time has passed.</summary>
    public TimeSpan ConnectDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Deadline for reopening a connection that dropped: the host answered before, so it is up
    /// or dead, not booting; a dead one must not hold a command for <see cref="ConnectDeadline"/>.
    /// </summary>
    public TimeSpan ReconnectDeadline { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Limit for one attempt (TCP connect plus SSH handshake and authentication).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First pause between attempts; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep-alive on the idle connection, so NAT and firewalls keep it open and a dead host is noticed.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Commands run at once on one connection, each on its own channel; more wait their turn.
    /// Stays below sshd's MaxSessions (10 by default).
    /// </summary>
    public int MaxConcurrentCommands { get; set; } = 4;

    /// <summary>A copy whose connect deadline is at most <paramref name="deadline"/>.</summary>
    internal SshConnectOptions WithDeadlineAtMost(TimeSpan deadline)
    {
        var copy = Validated();
        if (deadline < copy.ConnectDeadline) copy.ConnectDeadline = deadline;
        return copy;
    }

    internal SshConnectOptions Validated()
    {
        if (Port < 1 || Port > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "A TCP port is 1-65535.");
        if (ConnectDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ConnectDeadline));
        if (ReconnectDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReconnectDeadline));
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AttemptTimeout));
        if (InitialRetryDelay < TimeSpan.Zero || MaxRetryDelay < InitialRetryDelay) throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay));
        if (KeepAliveInterval <= TimeSpan.Zero && KeepAliveInterval != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval));
        if (MaxConcurrentCommands < 1) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentCommands));
        return (SshConnectOptions)MemberwiseClone(); // a session keeps its own copy
    }
}
