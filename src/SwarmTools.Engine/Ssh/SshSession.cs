using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// One SSH connection to one node, opened once and reused by every command (ufw's "limit" on
/// port 22 refuses a 7th new connection within 30 s, and a handshake costs more than a channel).
/// Thread-safe: concurrent <see cref="RunAsync"/> calls run in parallel on separate channels,
/// up to <see cref="SshConnectOptions.MaxConcurrentCommands"/> at once; the rest wait their turn.
/// A dropped connection is reopened (with the same host key checks) by the next command.
/// </summary>
public sealed class SshSession : IRemoteShell, IDisposable
{
    private readonly SshCredentials _credentials;
    private readonly HostKeyPolicy _hostKeys;
    private readonly SshConnectOptions _options;
    private readonly SemaphoreSlim _channels;
    private readonly SemaphoreSlim _reconnect = new SemaphoreSlim(1, 1);
    private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
    private readonly ConcurrentDictionary<Task, bool> _stopping = new ConcurrentDictionary<Task, bool>();
    private volatile SshConnection _connection;
    private int _running;

    // How long Dispose lets cancelled commands be stopped on the host before closing the connection.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private SshSession(string address, SshCredentials credentials, HostKeyPolicy hostKeys, SshConnectOptions options, SshConnection connection)
    {
        Address = address;
        _credentials = credentials;
        _hostKeys = hostKeys;
        _options = options;
        _connection = connection;
        _channels = new SemaphoreSlim(options.MaxConcurrentCommands, options.MaxConcurrentCommands);
    }

    public string Address { get; }
    public int Port => _options.Port;
    public string User => _credentials.User;
    /// <summary>The verified host key's "SHA256:…" fingerprint.</summary>
    public string HostKeyFingerprint => _connection.HostKey.Sha256Fingerprint;
    /// <summary>The verified host key (public data).</summary>
    public SshHostKey HostKey => _connection.HostKey;
    public bool IsConnected => !_disposed.IsCancellationRequested && _connection.IsConnected;

    /// <summary>
    /// Connects, retrying while the host boots until <see cref="SshConnectOptions.ConnectDeadline"/>.
    /// Cancelling <paramref name="ct"/> stops at once.
    /// </summary>
    public static async Task<SshSession> ConnectAsync(string address, SshCredentials credentials, HostKeyPolicy hostKeys,
        SshConnectOptions? options = null, CancellationToken ct = default)
    {
        IpLiteral.Require(address, "the SSH host");
        if (credentials is null) throw new ArgumentNullException(nameof(credentials));
        if (hostKeys is null) throw new ArgumentNullException(nameof(hostKeys));
        var opts = (options ?? new SshConnectOptions()).Validated();
        var connection = await SshConnector.ConnectAsync(address, credentials, hostKeys, opts, ct).ConfigureAwait(false);
        return new SshSession(address, credentials, hostKeys, opts, connection);
    }

    /// <summary>
    /// Runs <paramref name="command"/> through the login shell and waits for it to end.
    /// <paramref name="stdin"/> is written to the command's standard input, then closed (EOF);
    /// null sends EOF at once, so nothing waits for input. Put secrets there, never in the
    /// command text: the command line is visible to anyone running ps on the host.
    /// A non-zero exit code is returned, not thrown. When <paramref name="timeout"/> passes,
    /// <c>SshCommandTimeout</c> is thrown; when <paramref name="ct"/> is cancelled the wait ends
    /// at once with <see cref="OperationCanceledException"/>. Either way the command's processes
    /// are then sent SIGTERM on the host, in the background.
    /// </summary>
    public async Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command)) throw new ArgumentException("A command is required.", nameof(command));
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(timeout));
        if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(SshSession));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposed.Token);
        await _channels.WaitAsync(stop.Token).ConfigureAwait(false);
        Interlocked.Increment(ref _running);
        try
        {
            var connection = await EnsureConnectedAsync(stop.Token).ConfigureAwait(false);
            return await RemoteCommand.RunAsync(connection.Client, command, stdin, timeout, TrackStopping, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(SshSession), $"The session to {Address} was closed while a command ran.");
        }
        catch (RemoteCommand.TimedOut)
        {
            throw SshErrors.CommandTimedOut(Address, command, timeout);
        }
        catch (RemoteCommand.Lost e)
        {
            DropConnection();
            throw SshErrors.ConnectionLost(Address, e.InnerException!);
        }
        catch (RemoteCommand.Failed e)
        {
            throw SshErrors.CommandFailed(Address, command, e.InnerException!);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _channels.Release();
        }
    }

    private void TrackStopping(Task stopping)
    {
        _stopping[stopping] = true;
        stopping.ContinueWith(t => _stopping.TryRemove(t, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Reopens a dropped connection once, for all waiting commands.</summary>
    private async Task<SshConnection> EnsureConnectedAsync(CancellationToken ct)
    {
        var current = _connection;
        if (current.IsConnected) return current;
        await _reconnect.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_connection.IsConnected) return _connection;
            var fresh = await SshConnector.ConnectAsync(Address, _credentials, _hostKeys, _options.WithDeadlineAtMost(_options.ReconnectDeadline), ct).ConfigureAwait(false);
            var old = _connection;
            _connection = fresh;
            old.Dispose();
            if (_disposed.IsCancellationRequested) { fresh.Dispose(); throw new ObjectDisposedException(nameof(SshSession)); }
            return fresh;
        }
        finally
        {
            _reconnect.Release();
        }
    }

    /// <summary>A lost connection may still look open; closed, the next command opens a new one.</summary>
    private void DropConnection()
    {
        try { _connection.Dispose(); }
        catch (Exception) { /* it is gone either way */ }
    }

    /// <summary>
    /// Closes the connection. Running commands end with ObjectDisposedException and are stopped
    /// on the host first (waiting at most 3 s), so Ctrl+C leaves no command running there.
    /// </summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        var clock = Stopwatch.StartNew();
        // Cancelled commands start their stop scripts on other threads; wait until they have.
        while (Volatile.Read(ref _running) > 0 && clock.Elapsed < StopGrace) Thread.Sleep(10);
        var left = StopGrace - clock.Elapsed;
        if (left > TimeSpan.Zero && !_stopping.IsEmpty)
        {
            try { Task.WaitAll(_stopping.Keys.ToArray(), left); }
            catch (AggregateException) { /* best effort */ }
        }
        _connection.Dispose();
    }

    public override string ToString() => $"{User}@{KnownHostsFile.HostName(Address, Port)}";
}
