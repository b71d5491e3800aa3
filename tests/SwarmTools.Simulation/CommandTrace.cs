using System.Collections.Concurrent;

namespace SwarmTools.Simulation;

/// <summary>One command as it ran on a node: when, how long, and what it answered (outputs only for reads the analysis needs).</summary>
public sealed record TracedCommand(string Node, CommandKind Kind, DateTime Start, DateTime End, int ExitCode, int Size, string? Output)
{
    public double Seconds => (End - Start).TotalSeconds;
}

/// <summary>A node's shell obtained: when it was asked for, when it answered (the first time: the SSH handshake after boot).</summary>
public sealed record TracedConnect(string Node, DateTime Asked, DateTime Connected);

/// <summary>Every command the orchestration ran on any node during one scenario (thread-safe).</summary>
public sealed class CommandTrace
{
    private readonly ConcurrentQueue<TracedCommand> _commands = new();
    private readonly ConcurrentQueue<TracedConnect> _connects = new();

    public void Add(TracedCommand command) => _commands.Enqueue(command);
    public void Add(TracedConnect connect) => _connects.Enqueue(connect);

    public IReadOnlyList<TracedCommand> Commands => _commands.OrderBy(c => c.Start).ToList();
    public IReadOnlyList<TracedConnect> Connects => _connects.OrderBy(c => c.Asked).ToList();

    /// <summary>Writes the commands as tab-separated lines (seconds from <paramref name="start"/>), for profiling.</summary>
    public static void Write(string path, DateTime start, IEnumerable<TracedCommand> commands, IEnumerable<TracedConnect> connects)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = commands.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(c.Start - start).TotalSeconds:0.000}\t{(c.End - start).TotalSeconds:0.000}\t{c.Seconds:0.000}\t{c.Node}\t{c.Kind}\t{c.ExitCode}\t{c.Size}"))
            .Concat(connects.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(c.Asked - start).TotalSeconds:0.000}\t{(c.Connected - start).TotalSeconds:0.000}\t{(c.Connected - c.Asked).TotalSeconds:0.000}\t{c.Node}\tConnect\t0\t0")))
            .OrderBy(l => double.Parse(l.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllLines(path, ["start\tend\tseconds\tnode\tkind\texit\tsize", .. lines]);
    }

    public void Clear()
    {
        _commands.Clear();
        _connects.Clear();
    }
}
