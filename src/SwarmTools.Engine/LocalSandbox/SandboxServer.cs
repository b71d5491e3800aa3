using System;
using System.Collections.Generic;
using System.Diagnostics;
using SwarmTools.Engine.DigitalOcean;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.LocalSandbox;

/// <summary>
/// The sandbox API server as a child process on loopback, in a session of its own (Ctrl+C in
/// the user's terminal does not reach it). Its token is random and travels in the child's
/// environment (never argv), which carries none of the user's DigitalOcean variables. The child
/// exits when our end of its stdin closes, so a crashed parent leaves no server behind.
/// </summary>
public sealed class SandboxServer : IDisposable
{
    public const string TokenVariable = "SWARMTOOLS_SANDBOX_TOKEN";
    private const string DetachVariable = "SWARMTOOLS_SANDBOX_DETACH";
    private const string ReadyMarker = "SWARMTOOLS_SANDBOX_READY ";
    private readonly Process _process;
    private readonly Queue<string> _stderrTail = new Queue<string>();

    private readonly string _directory;

    private SandboxServer(Process process, string token, SandboxLaunchOptions options, string directory)
    {
        _process = process;
        Token = token;
        Options = options;
        _directory = directory;
    }

    public Uri ApiUrl { get; private set; } = null!;
    /// <summary>The bearer token the sandbox accepts (a fresh random dop_v1_ token).</summary>
    internal string Token { get; }
    public SandboxLaunchOptions Options { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.Now;

    public static async Task<SandboxServer> StartAsync(string sandboxDll, SandboxLaunchOptions options, TimeSpan timeout, CancellationToken ct)
    {
        if (!File.Exists(sandboxDll))
            throw new SwarmToolsException(ErrorIds.SandboxNotFound, FailureKind.NotFound,
                $"The sandbox server is missing at '{sandboxDll}'. Build the module with: dotnet pwsh ./build.ps1 build", sandboxDll);
        var token = NewToken();
        // setsid(1) where it exists: the server and its lab hosts get a session of their own from
        // the first instruction, so Ctrl+C in the user's terminal never reaches them.
        var setsid = SetsidCommand();
        var start = new ProcessStartInfo(setsid ?? DotnetHost(), (setsid is null ? "" : Quote(DotnetHost()) + " ") + options.Arguments(sandboxDll))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        // The user's real credentials stay with the user: the server needs only its own token.
        foreach (var variable in new[] { ApiCredentials.TokenVariable, ApiCredentials.AccessTokenVariable, ApiCredentials.ApiUrlVariable })
            start.Environment.Remove(variable);
        start.Environment[TokenVariable] = token;
        start.Environment[DetachVariable] = "1"; // without setsid(1) it leaves the terminal's session itself
        var server = new SandboxServer(Process.Start(start)!, token, options, Path.GetDirectoryName(Path.GetFullPath(sandboxDll))!);
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

    /// <summary>
    /// Asks the server to stop (stdin closed: it removes its hosts). If it lingers, its whole
    /// process tree is killed, and in lab mode the lab it leaves is removed (lab.sh clean
    /// --stale), so no lab host outlives it.
    /// </summary>
    public void Stop(TimeSpan grace)
    {
        if (_process.HasExited) return;
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (_process.WaitForExit((int)grace.TotalMilliseconds)) return;
        KillTree();
        _process.WaitForExit(5000);
        if (!Options.ApiOnly) CleanStaleLabs();
    }

    private void KillTree()
    {
        try
        {
            // Process.Kill(entireProcessTree) is in the runtime PowerShell runs on (.NET Core 3.0+), not in netstandard2.0.
            var killTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });
            if (killTree != null) killTree.Invoke(_process, new object[] { true });
            else _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException || e is System.Reflection.TargetInvocationException || e is System.ComponentModel.Win32Exception) { }
    }

    private void CleanStaleLabs()
    {
        var script = Path.Combine(_directory, "Lab", "lab.sh");
        if (!File.Exists(script)) return;
        try
        {
            using var clean = Process.Start(new ProcessStartInfo("bash", Quote(script) + " clean --stale")
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            })!;
            clean.StandardInput.Close();
            _ = clean.StandardOutput.ReadToEndAsync();
            _ = clean.StandardError.ReadToEndAsync();
            if (!clean.WaitForExit(60000)) clean.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is IOException) { }
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

    private static string? SetsidCommand() =>
        System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? null
            : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private static string Quote(string s) => "\"" + s.Replace("\"", "\\\"") + "\"";

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
