using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace SwarmTools.Engine.Ssh;

/// <summary>Runs one command on its own channel of an open connection.</summary>
internal static class RemoteCommand
{
    internal sealed class TimedOut : Exception { }

    internal sealed class Lost : Exception
    {
        public Lost(Exception inner) : base(inner.Message, inner) { }
    }

    internal sealed class Failed : Exception
    {
        public Failed(Exception inner) : base(inner.Message, inner) { }
    }

    private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    /// <param name="onAbandoned">Receives the background task that stops an abandoned command, so a closing session can let it finish.</param>
    public static async Task<CommandResult> RunAsync(SshClient client, string command, string? stdin, TimeSpan timeout,
        Action<Task> onAbandoned, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource();
        if (timeout != Timeout.InfiniteTimeSpan) deadline.CancelAfter(timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);

        var runId = Guid.NewGuid().ToString("N");
        var hasInput = !string.IsNullOrEmpty(stdin);
        SshCommand cmd;
        try { cmd = client.CreateCommand(Wrap(command, runId, hasInput), Utf8NoBom); }
        catch (Exception e) when (IsConnectionFailure(e)) { throw new Lost(e); }

        var abandoned = false;
        try
        {
            try
            {
                // Cancellation is ours, not SSH.NET's: its token waits for the server to answer a
                // signal request, which sshd ignores for root sessions; Ctrl+C must end the wait at once.
                var execution = cmd.ExecuteAsync(CancellationToken.None);
                if (hasInput) await WriteStdinAsync(cmd, stdin!, stop.Token).ConfigureAwait(false);
                await execution.WithCancellation(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                abandoned = true;
                onAbandoned(Abandon(client, cmd, runId));
                if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
                throw new TimedOut();
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                throw new Lost(e);
            }
            catch (SshException e)
            {
                throw new Failed(e); // e.g. the server refused to open another channel
            }
            return new CommandResult(cmd.ExitStatus ?? -1, cmd.Result, cmd.Error, cmd.ExitSignal);
        }
        finally
        {
            if (!abandoned) cmd.Dispose();
        }
    }

    /// <summary>
    /// Tags the command's processes with a run id in their environment (so they can be found and
    /// stopped later) and, without input, reads stdin from /dev/null: SSH.NET sends EOF only
    /// after at least one byte was written, so "cat" or "docker login" would otherwise wait forever.
    /// </summary>
    internal static string Wrap(string command, string runId, bool hasInput) =>
        "SWARMTOOLS_RUN=" + runId + "; export SWARMTOOLS_RUN\n" + (hasInput ? "" : "exec </dev/null\n") + command;

    /// <summary>
    /// Stops every process of a run: sshd honours no signal request for root sessions, and the
    /// command's children would outlive the channel. Runs on another channel of the same connection.
    /// </summary>
    internal static string KillScript(string runId) =>
        "for f in $(grep -lz '^SWARMTOOLS_RUN=" + runId + "$' /proc/[0-9]*/environ 2>/dev/null); do " +
        "p=${f#/proc/}; kill -TERM ${p%/environ} 2>/dev/null; done; true";

    /// <summary>Writes stdin and closes it; the EOF is what lets "read" and "cat" finish.</summary>
    private static async Task WriteStdinAsync(SshCommand cmd, string stdin, CancellationToken ct)
    {
        var bytes = Utf8NoBom.GetBytes(stdin);
        try
        {
            using var input = cmd.CreateInputStream();
            await input.WriteAsync(bytes, 0, bytes.Length, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SshException)
        {
            // The command ended (or closed its input) before reading everything: its exit status tells.
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    /// <summary>Stops the remote command in the background, without making the caller wait.</summary>
    private static Task Abandon(SshClient client, SshCommand cmd, string runId)
    {
        return Task.Run(async () =>
        {
            try
            {
                using var kill = client.CreateCommand(KillScript(runId));
                using var limit = new CancellationTokenSource(KillTimeout);
                await kill.ExecuteAsync(CancellationToken.None).WithCancellation(limit.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Best effort: the connection may be gone, which ends the command's channel anyway.
            }
            finally
            {
                cmd.Dispose();
            }
        });
    }

    // A channel the server never answered (SSH.NET's operation timeout) means the peer is gone
    // behind a connection that still looks open: the host died or its network went down.
    private static bool IsConnectionFailure(Exception e) =>
        e is SshConnectionException || e is ObjectDisposedException || e is System.Net.Sockets.SocketException || e is SshOperationTimeoutException;
}
