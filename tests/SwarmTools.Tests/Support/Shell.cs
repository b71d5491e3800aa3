using System.Diagnostics;

namespace SwarmTools.Tests.Support;

/// <summary>Runs a bash command on this machine and returns its standard output; a non-zero exit fails the test.</summary>
public static class Shell
{
    public static string Run(string command)
    {
        using var p = Process.Start(new ProcessStartInfo("bash", new[] { "-c", command }) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = p.StandardError.ReadToEndAsync();
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"'{command}' exited with {p.ExitCode}: {error.Result}");
        return text;
    }
}
