using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.LocalSandbox
{
    /// <summary>
    /// The sandbox API server as a child process on loopback. Its token is random and travels in
    /// the child's environment (never argv). The child exits when our end of its stdin closes, so
    /// a crashed parent leaves no server behind.
    /// </summary>
    public sealed class SandboxServer : IDisposable
    {
        public const string TokenVariable = "SWARMTOOLS_SANDBOX_TOKEN";
        private const string ReadyMarker = "SWARMTOOLS_SANDBOX_READY ";
        private readonly Process _process;
        private readonly Queue<string> _stderrTail = new Queue<string>();

        private SandboxServer(Process process, string token, SandboxOptions options)
        {
            _process = process;
            Token = token;
            Options = options;
        }

        public Uri ApiUrl { get; private set; } = null!;
        /// <summary>The bearer token the sandbox accepts (a fresh random dop_v1_ token).</summary>
        internal string Token { get; }
        public SandboxOptions Options { get; }
        public int ProcessId => _process.Id;
        public bool HasExited => _process.HasExited;
        public DateTimeOffset StartedAt { get; } = DateTimeOffset.Now;

        public static async Task<SandboxServer> StartAsync(string sandboxDll, SandboxOptions options, TimeSpan timeout, CancellationToken ct)
        {
            if (!File.Exists(sandboxDll))
                throw new SwarmToolsException(ErrorIds.SandboxNotFound, FailureKind.NotFound,
                    $"The sandbox server is missing at '{sandboxDll}'. Build the module with: dotnet pwsh ./build.ps1 build", sandboxDll);
            var token = NewToken();
            var start = new ProcessStartInfo(DotnetHost(), options.Arguments(sandboxDll))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            start.Environment[TokenVariable] = token;
            var server = new SandboxServer(Process.Start(start)!, token, options);
            try
            {
                server.ApiUrl = await server.WaitUntilReadyAsync(timeout, ct).ConfigureAwait(false);
                return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }

        private async Task<Uri> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
        {
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_stderrTail) { _stderrTail.Enqueue(e.Data); if (_stderrTail.Count > 20) _stderrTail.Dequeue(); } };
            _process.BeginErrorReadLine();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            var readLine = _process.StandardOutput.ReadLineAsync();
            while (true)
            {
                var finished = await Task.WhenAny(readLine, Task.Delay(System.Threading.Timeout.Infinite, limit.Token)).ConfigureAwait(false);
                if (finished != readLine)
                {
                    ct.ThrowIfCancellationRequested();
                    throw Failure($"did not start within {timeout.TotalSeconds:0} s");
                }
                var line = await readLine.ConfigureAwait(false);
                if (line is null) throw Failure($"exited with code {SafeExitCode()} before it was ready");
                if (line.StartsWith(ReadyMarker, StringComparison.Ordinal))
                {
                    DrainStdout();
                    return new Uri(line.Substring(ReadyMarker.Length).Trim());
                }
                readLine = _process.StandardOutput.ReadLineAsync();
            }
        }

        // Keep reading so a chatty child never blocks on a full pipe.
        private void DrainStdout() => Task.Run(async () =>
        {
            try { while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) != null) { } }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is InvalidOperationException) { }
        });

        private SwarmToolsException Failure(string what)
        {
            string tail;
            lock (_stderrTail) tail = string.Join(Environment.NewLine, _stderrTail);
            return new SwarmToolsException(ErrorIds.SandboxStartFailed, FailureKind.Unavailable,
                $"The sandbox server {what}.{(tail.Length > 0 ? " It said:" + Environment.NewLine + tail : "")}");
        }

        private string SafeExitCode()
        {
            try { _process.WaitForExit(2000); return _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture); }
            catch (InvalidOperationException) { return "?"; }
        }

        /// <summary>Asks the server to stop (stdin closed: it removes its hosts), then kills it if it lingers.</summary>
        public void Stop(TimeSpan grace)
        {
            if (_process.HasExited) return;
            try { _process.StandardInput.Close(); } catch (IOException) { }
            if (!_process.WaitForExit((int)grace.TotalMilliseconds))
            {
                try { _process.Kill(); } catch (InvalidOperationException) { }
                _process.WaitForExit(5000);
            }
        }

        public void Dispose()
        {
            Stop(TimeSpan.FromSeconds(30));
            _process.Dispose();
        }

        private static string NewToken()
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return "dop_v1_" + BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant();
        }

        /// <summary>The dotnet host running us (pwsh as a .NET tool, the test host), else dotnet on PATH.</summary>
        private static string DotnetHost()
        {
            var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk!;
            var self = Process.GetCurrentProcess().MainModule?.FileName;
            if (self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
            var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
            return "dotnet";
        }
    }
}
