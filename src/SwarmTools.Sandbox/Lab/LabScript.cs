using System.Diagnostics;

namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// Runs lab.sh (README.md beside it) as `bash lab.sh &lt;args&gt;` with an argument list: no shell
/// parses anything, and the script's parent is this process, which `net-up` records as the lab's
/// owner (so `clean --stale` knows when we are gone). Secrets never go in argv; they go in the
/// statedir. The environment is replaced, so the API token never reaches lab.sh or its hosts.
/// </summary>
public sealed class LabScript(string path)
{
    private const string Bash = "/bin/bash";
    private const string SearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>lab.sh's exit code for a conflict (README "Exit codes"), e.g. a gateway already taken.</summary>
    public const int Conflict = 3;

    public async Task<LabResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Bash)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(path);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["PATH"] = SearchPath;
        start.Environment["HOME"] = "/root";
        start.Environment["LANG"] = "C.UTF-8";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Bash}");
        // Our stdin is the parent's lifeline (ShutdownSignals): the script must not inherit it.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new LabResult(args[0], process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit throws <see cref="LabScriptException"/>.</summary>
    public async Task<LabResult> RunCheckedAsync(params string[] args)
    {
        var result = await RunAsync(args);
        return result.ExitCode == 0 ? result : throw new LabScriptException(result);
    }
}

/// <summary>One run of lab.sh. stderr never holds secrets (README), so it may be shown.</summary>
public sealed record LabResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string Describe() =>
        $"lab.sh {Command} exited {ExitCode}" + (Stderr.Trim() is { Length: > 0 } e ? $": {e.ReplaceLineEndings(" | ")}" : "");
}

public sealed class LabScriptException(LabResult result) : Exception(result.Describe());
