using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Opens one authenticated, host-key-checked SSH connection, retrying while the host boots
/// (refused, reset, timed out) with bounded backoff until a deadline.
/// </summary>
internal static class SshConnector
{
    // ufw's "limit" on 22/tcp drops a source's 6th new connection within 30 s (and every attempt
    // while blocked renews the block), so retries never start more than 5 attempts per 30 s.
    internal const int MaxAttemptsPerWindow = 5;
    // ufw's 30 s plus a margin: our clock and the host kernel's never agree to the millisecond,
    // and the backoff (0, 2, 6, 14, 22 s) puts a 6th attempt right at 30 s. One attempt early
    // and the host blocks; every blocked attempt then counts twice, so the block never ends.
    internal static readonly TimeSpan AttemptWindow = TimeSpan.FromSeconds(32);
    private static readonly TimeSpan MinAttemptTimeout = TimeSpan.FromSeconds(1);

    // Attempt start times per host for the whole process: a session opened right after another
    // (the fresh connection that verifies a new host key, a second pool) shares the ufw budget.
    private static readonly ConcurrentDictionary<string, Queue<DateTime>> Attempts = new ConcurrentDictionary<string, Queue<DateTime>>();

    public static async Task<SshConnection> ConnectAsync(string address, SshCredentials credentials, HostKeyPolicy policy,
        SshConnectOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var starts = Attempts.GetOrAdd(KnownHostsFile.HostName(address, options.Port), _ => new Queue<DateTime>());
        var pause = TimeSpan.Zero;
        var delay = options.InitialRetryDelay;
        // Waiting for our own attempt budget is not waiting for the host: it does not count
        // against the deadline (and lasts at most one window).
        var deadline = options.ConnectDeadline;
        Exception? last = null;
        while (true)
        {
            var left = deadline - clock.Elapsed;
            if (pause > left) pause = left;
            if (pause > TimeSpan.Zero) await Task.Delay(pause, ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            var remaining = deadline - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
                throw SshErrors.ConnectTimedOut(credentials.User, address, options.Port, options.ConnectDeadline, last);
            pause = WaitForBudget(starts);
            if (pause > TimeSpan.Zero)
            {
                deadline += pause; // the window is full: wait for its oldest attempt to leave it
                continue;
            }

            try
            {
                var attemptTimeout = options.AttemptTimeout < remaining ? options.AttemptTimeout : remaining;
                if (attemptTimeout < MinAttemptTimeout) attemptTimeout = MinAttemptTimeout; // a last attempt worth making
                return await AttemptAsync(address, credentials, policy, options, attemptTimeout, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && IsTransient(e))
            {
                last = e;
            }
            pause = delay;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
        }
    }

    /// <summary>Zero after recording a new attempt; else how long until the window allows one.</summary>
    private static TimeSpan WaitForBudget(Queue<DateTime> starts)
    {
        lock (starts)
        {
            var now = DateTime.UtcNow;
            while (starts.Count > 0 && now - starts.Peek() >= AttemptWindow) starts.Dequeue();
            if (starts.Count >= MaxAttemptsPerWindow) return starts.Peek() + AttemptWindow - now;
            starts.Enqueue(now);
            return TimeSpan.Zero;
        }
    }

    private static async Task<SshConnection> AttemptAsync(string address, SshCredentials credentials, HostKeyPolicy policy,
        SshConnectOptions options, TimeSpan attemptTimeout, CancellationToken ct)
    {
        var host = KnownHostsFile.HostName(address, options.Port);
        var key = credentials.OpenKey();
        var auth = new PrivateKeyAuthenticationMethod(credentials.User, key);
        SshClient? client = null;
        try
        {
            var info = new ConnectionInfo(address, options.Port, credentials.User, auth) { Timeout = attemptTimeout };
            PreferKeyTypes(info, policy.KnownKeyTypes(address, options.Port));
            client = new SshClient(info) { KeepAliveInterval = options.KeepAliveInterval };

            // SSH.NET only asks "trust or not"; keep our own reason so the user sees it, not "key exchange failed".
            SwarmToolsException? refusal = null;
            SshHostKey? accepted = null;
            client.HostKeyReceived += (_, e) =>
            {
                try
                {
                    var presented = new SshHostKey(e.HostKey);
                    refusal = policy.Check(address, options.Port, presented);
                    if (refusal is null) accepted = presented;
                }
                catch (SwarmToolsException x) { refusal = x; }
                catch (Exception x) when (x is FormatException || x is IOException)
                {
                    refusal = new SwarmToolsException(ErrorIds.HostKeyUnreadable, FailureKind.Security,
                        $"The host key of {host} could not be checked: {x.Message}", host, x);
                }
                e.CanTrust = refusal is null;
            };

            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                attemptCts.CancelAfter(attemptTimeout + TimeSpan.FromSeconds(1)); // SSH.NET's own timeout normally fires first
                try
                {
                    await client.ConnectAsync(attemptCts.Token).WithCancellation(attemptCts.Token).ConfigureAwait(false);
                }
                catch (Exception) when (refusal != null)
                {
                    throw refusal;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"No SSH handshake with {host} within {SshErrors.Describe(attemptTimeout)}.");
                }
                catch (SshAuthenticationException e)
                {
                    throw SshErrors.AuthenticationFailed(credentials.User, host, credentials, e);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && !IsTransient(e))
                {
                    throw SshErrors.ConnectFailed(credentials.User, address, options.Port, e);
                }
            }
            if (accepted is null) throw SshErrors.ConnectFailed(credentials.User, address, options.Port, new SshException("The host key was never presented."));
            return new SshConnection(client, key, auth, accepted);
        }
        catch
        {
            client?.Dispose();
            auth.Dispose();
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Ask for key types we can check first (like ssh does with known_hosts), and never for host
    /// certificates: a certificate blob would never match a pinned or recorded plain key.
    /// </summary>
    private static void PreferKeyTypes(ConnectionInfo info, IReadOnlyList<string> knownTypes)
    {
        var algorithms = info.HostKeyAlgorithms;
        var entries = algorithms.Where(a => !a.Key.Contains("-cert-")).ToList();
        var ordered = entries.Where(a => knownTypes.Contains(KeyTypeOf(a.Key)))
            .Concat(entries.Where(a => !knownTypes.Contains(KeyTypeOf(a.Key)))).ToList();
        algorithms.Clear();
        foreach (var a in ordered) algorithms.Add(a.Key, a.Value);
    }

    /// <summary>RSA keys are signed with rsa-sha2-512/256 but filed as ssh-rsa.</summary>
    private static string KeyTypeOf(string algorithm) =>
        algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal) ? "ssh-rsa" : algorithm;

    /// <summary>Failures a booting or busy host produces; anything else is reported at once.</summary>
    internal static bool IsTransient(Exception e)
    {
        for (var x = e; x != null; x = x.InnerException)
        {
            switch (x)
            {
                case SwarmToolsException _:
                case SshAuthenticationException _:
                case ProxyException _:
                    return false;
                case SocketException s:
                    return s.SocketErrorCode == SocketError.ConnectionRefused || s.SocketErrorCode == SocketError.ConnectionReset
                        || s.SocketErrorCode == SocketError.ConnectionAborted || s.SocketErrorCode == SocketError.TimedOut
                        || s.SocketErrorCode == SocketError.HostUnreachable || s.SocketErrorCode == SocketError.NetworkUnreachable
                        || s.SocketErrorCode == SocketError.HostDown || s.SocketErrorCode == SocketError.NetworkDown
                        || s.SocketErrorCode == SocketError.TryAgain || s.SocketErrorCode == SocketError.Shutdown
                        || s.SocketErrorCode == SocketError.NotConnected;
                case SshOperationTimeoutException _:
                case TimeoutException _:
                    return true;
                case SshConnectionException c:
                    // sshd closes connections while starting or when MaxStartups is reached.
                    return c.DisconnectReason == DisconnectReason.None || c.DisconnectReason == DisconnectReason.ConnectionLost
                        || c.DisconnectReason == DisconnectReason.TooManyConnections || c.DisconnectReason == DisconnectReason.ByApplication;
                case EndOfStreamException _:
                    return true;
                case IOException io when io.GetType() == typeof(IOException): // not FileNotFound/FileLoad: a missing assembly is no network hiccup
                    return true;
            }
        }
        return false;
    }
}
