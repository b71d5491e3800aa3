namespace SwarmTools.Engine.Ssh;

/// <summary>What a remote command left behind. Output is decoded as UTF-8.</summary>
public sealed class CommandResult
{
    public CommandResult(int exitCode, string standardOutput, string standardError, string? exitSignal = null)
    {
        ExitCode = exitCode;
        StandardOutput = standardOutput;
        StandardError = standardError;
        ExitSignal = exitSignal;
    }

    /// <summary>The exit status; -1 when the command ended by a signal (see <see cref="ExitSignal"/>).</summary>
    public int ExitCode { get; }
    public string StandardOutput { get; }
    public string StandardError { get; }
    /// <summary>"TERM", "KILL"… when the command was killed by a signal; otherwise null.</summary>
    public string? ExitSignal { get; }
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => ExitSignal is null ? $"exit {ExitCode}" : $"signal {ExitSignal}";
}
