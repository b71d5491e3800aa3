using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace SwarmTools.Ssh
{
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

        public static async Task<CommandResult> RunAsync(SshClient client, string command, string? stdin, TimeSpan timeout, CancellationToken ct)
        {
            using var deadline = new CancellationTokenSource();
            if (timeout != Timeout.InfiniteTimeSpan) deadline.CancelAfter(timeout);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);

            SshCommand cmd;
            try { cmd = client.CreateCommand(command, Utf8NoBom); }
            catch (Exception e) when (IsConnectionFailure(e)) { throw new Lost(e); }

            var abandoned = false;
            try
            {
                Task execution;
                try
                {
                    // Cancellation is ours, not SSH.NET's: its token waits for the server to answer the
                    // signal, and Ctrl+C must end the wait at once.
                    execution = cmd.ExecuteAsync(CancellationToken.None);
                    await WriteStdinAsync(cmd, stdin, stop.Token).ConfigureAwait(false);
                    await execution.WithCancellation(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    abandoned = true;
                    Abandon(cmd);
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

        /// <summary>Writes stdin and closes it; the EOF is what lets "read" and "cat" finish.</summary>
        private static async Task WriteStdinAsync(SshCommand cmd, string? stdin, CancellationToken ct)
        {
            try
            {
                using var input = cmd.CreateInputStream();
                if (!string.IsNullOrEmpty(stdin))
                {
                    var bytes = Utf8NoBom.GetBytes(stdin);
                    await input.WriteAsync(bytes, 0, bytes.Length, ct).ConfigureAwait(false);
                    Array.Clear(bytes, 0, bytes.Length);
                }
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SshException)
            {
                // The command ended (or closed its input) before reading everything: its exit status tells.
            }
        }

        /// <summary>
        /// Signals the remote command and closes the channel in the background, without waiting.
        /// The signal reaches the shell; a child that ignores it may outlive the channel.
        /// </summary>
        private static void Abandon(SshCommand cmd)
        {
            _ = Task.Run(() =>
            {
                try { cmd.CancelAsync(forceKill: false, millisecondsTimeout: 2000); }
                catch (Exception) { /* already finished or the connection is gone */ }
                finally { cmd.Dispose(); }
            });
        }

        private static bool IsConnectionFailure(Exception e) =>
            e is SshConnectionException || e is ObjectDisposedException || e is System.Net.Sockets.SocketException;
    }
}
