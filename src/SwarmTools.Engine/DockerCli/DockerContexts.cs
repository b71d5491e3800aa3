using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.DockerCli;

/// <summary>Named docker contexts (docker context create/update), made with the local docker CLI itself.</summary>
public static class DockerContexts
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    /// <summary>Creates the context, or points an existing one of that name at <paramref name="dockerHost"/>. Returns true when it was created.</summary>
    public static async Task<bool> SetAsync(string name, string dockerHost, string description, CancellationToken ct)
    {
        var exists = (await RunAsync(ct, "context", "inspect", name).ConfigureAwait(false)).ExitCode == 0;
        var (code, error) = exists
            ? await RunAsync(ct, "context", "update", name, "--docker", "host=" + dockerHost, "--description", description).ConfigureAwait(false)
            : await RunAsync(ct, "context", "create", name, "--docker", "host=" + dockerHost, "--description", description).ConfigureAwait(false);
        if (code != 0)
            throw new SwarmToolsException(ErrorIds.DockerContextFailed, FailureKind.InvalidOperation,
                $"docker context {(exists ? "update" : "create")} {name} failed (exit code {code}): {error.Trim()}", name);
        return !exists;
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(CancellationToken ct, params string[] args)
    {
        // Names are checked by the cmdlet (letters, digits, _ . + -); only the description has spaces.
        var start = new ProcessStartInfo("docker", string.Join(" ", Array.ConvertAll(args, a => a.IndexOf(' ') >= 0 ? "\"" + a + "\"" : a)))
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SwarmToolsException(ErrorIds.DockerCliNotFound, FailureKind.NotFound,
                "The docker CLI was not found on PATH. Install it (on Debian: apt-get install docker.io, or docker-ce-cli), or use Use-SwarmNode without -ContextName.", "docker", e);
        }
        using (process)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            limit.CancelAfter(Within);
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                while (!process.HasExited) await Task.Delay(50, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(); } catch (InvalidOperationException) { }
                ct.ThrowIfCancellationRequested();
                throw new SwarmToolsException(ErrorIds.DockerContextFailed, FailureKind.Timeout, $"docker {string.Join(" ", args)} did not finish within {Within.TotalSeconds:0} s.", "docker");
            }
            await output.ConfigureAwait(false);
            return (process.ExitCode, await error.ConfigureAwait(false));
        }
    }
}
