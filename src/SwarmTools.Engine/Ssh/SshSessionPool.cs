using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// One <see cref="SshSession"/> per address for a whole pipeline run: created on first use,
/// shared by every later step, disposed together. At most <c>maxParallelConnects</c>
/// connections are being opened at once (so 50 new droplets do not open 50 handshakes).
/// Thread-safe; concurrent requests for the same address share one connection attempt.
/// A session and a pin belong to the droplet at the address (<see cref="Bind"/>): when the
/// address passes to another droplet, both are dropped.
/// </summary>
public sealed class SshSessionPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SshSession>>> _sessions =
        new ConcurrentDictionary<string, Lazy<Task<SshSession>>>(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> _owners = new ConcurrentDictionary<string, long>(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _connectSlots;
    // Connecting runs under the pool's lifetime, not one caller's token: another caller may be
    // waiting for the same session. Each caller's wait is still cancellable on its own.
    private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
    private readonly SshCredentials _credentials;
    private readonly SshConnectOptions _options;

    /// <summary>Handshakes in flight at once, by default.</summary>
    internal const int DefaultParallelConnects = 8;

    public SshSessionPool(SshCredentials credentials, HostKeyPolicy hostKeys, SshConnectOptions? options = null, int maxParallelConnects = DefaultParallelConnects)
    {
        if (maxParallelConnects < 1) throw new ArgumentOutOfRangeException(nameof(maxParallelConnects));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        HostKeys = hostKeys ?? throw new ArgumentNullException(nameof(hostKeys));
        _options = (options ?? new SshConnectOptions()).Validated();
        _connectSlots = new SemaphoreSlim(maxParallelConnects, maxParallelConnects);
    }

    /// <summary>The policy every session checks host keys with; pin new droplets' keys here.</summary>
    public HostKeyPolicy HostKeys { get; }

    /// <summary>Open sessions.</summary>
    public int Count => _sessions.Values.Count(l => l.IsValueCreated && l.Value.Status == TaskStatus.RanToCompletion);

    /// <summary>
    /// The session to <paramref name="address"/>, connecting (with retries while it boots) if needed,
    /// for at most <paramref name="connectDeadline"/> (default: the pool's, meant for booting droplets).
    /// </summary>
    public async Task<SshSession> GetAsync(string address, CancellationToken ct, TimeSpan? connectDeadline = null)
    {
        IpLiteral.Require(address, "the SSH host");
        if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(SshSessionPool));
        var entry = _sessions.GetOrAdd(address, a => new Lazy<Task<SshSession>>(() => ConnectAsync(a, connectDeadline)));
        try
        {
            return await entry.Value.WithCancellation(ct).ConfigureAwait(false);
        }
        catch (Exception) when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            // A failed attempt is not cached: the next call tries again. (Removes only this entry, not a newer one.)
            ((ICollection<KeyValuePair<string, Lazy<Task<SshSession>>>>)_sessions).Remove(new KeyValuePair<string, Lazy<Task<SshSession>>>(address, entry));
            throw;
        }
    }

    /// <summary>
    /// Says that <paramref name="address"/> belongs to droplet <paramref name="dropletId"/>. When
    /// it belonged to another droplet (deleted, its address handed out again), that droplet's
    /// session and pinned key are dropped: they say nothing about the new one.
    /// </summary>
    public void Bind(string address, long dropletId)
    {
        IpLiteral.Require(address, "droplet " + dropletId);
        var previous = dropletId;
        _owners.AddOrUpdate(address, dropletId, (_, old) => { previous = old; return dropletId; });
        if (previous != dropletId) Drop(address);
    }

    /// <summary>Forgets the droplet at an address (it was deleted): its session is closed and its pin dropped.</summary>
    public void Forget(string address, long dropletId)
    {
        if (_owners.TryGetValue(address, out var owner) && owner != dropletId) return; // the address is another droplet's now
        ((ICollection<KeyValuePair<string, long>>)_owners).Remove(new KeyValuePair<string, long>(address, owner));
        Drop(address);
    }

    private void Drop(string address)
    {
        HostKeys.Unpin(address);
        Close(address);
    }

    /// <summary>Closes and forgets the session to an address (the next use connects again).</summary>
    public void Close(string address)
    {
        if (!_sessions.TryRemove(address, out var entry) || !entry.IsValueCreated) return;
        // Still connecting: close it as soon as it is open.
        entry.Value.ContinueWith(t => { if (t.Status == TaskStatus.RanToCompletion) t.Result.Dispose(); else _ = t.Exception; },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task<SshSession> ConnectAsync(string address, TimeSpan? deadline)
    {
        var options = deadline is TimeSpan d ? _options.WithDeadlineAtMost(d) : _options;
        var ct = _disposed.Token;
        await _connectSlots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var session = await SshSession.ConnectAsync(address, _credentials, HostKeys, options, ct).ConfigureAwait(false);
            if (_disposed.IsCancellationRequested) { session.Dispose(); ct.ThrowIfCancellationRequested(); }
            return session;
        }
        finally
        {
            _connectSlots.Release();
        }
    }

    /// <summary>Stops connections being opened and closes every session, in parallel (each may take a moment to stop its commands).</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        var open = new List<SshSession>();
        foreach (var address in _sessions.Keys.ToList())
            if (_sessions.TryRemove(address, out var entry) && Opened(entry) is SshSession session) open.Add(session);
        Task.WaitAll(open.Select(s => Task.Run(s.Dispose)).ToArray());
    }

    private static SshSession? Opened(Lazy<Task<SshSession>> entry) =>
        entry.IsValueCreated && entry.Value.Status == TaskStatus.RanToCompletion ? entry.Value.Result : null;
}
