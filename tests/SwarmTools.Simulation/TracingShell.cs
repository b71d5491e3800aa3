using SwarmTools.Engine.Ssh;

namespace SwarmTools.Simulation;

/// <summary>Times every command a node's shell runs (the real SSH one on the lab, the simulated one at scale).</summary>
public sealed class TracingShell(IRemoteShell inner, string node, CommandTrace trace) : IRemoteShell
{
    public string Address => inner.Address;

    public async Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct)
    {
        var kind = CommandKinds.Of(command);
        var start = DateTime.UtcNow;
        var result = await inner.RunAsync(command, stdin, timeout, ct);
        // Only reads are kept: a join's stdin holds a token, and nothing secret is ever printed by these.
        var keep = kind is CommandKind.Members or CommandKind.SwarmState ? result.StandardOutput : null;
        var size = kind == CommandKind.FirewallChange ? CommandKinds.RuleLines(command) : kind == CommandKind.Members ? result.StandardOutput.Count(c => c == '\n') : 0;
        trace.Add(new TracedCommand(node, kind, start, DateTime.UtcNow, result.ExitCode, size, keep));
        return result;
    }
}
