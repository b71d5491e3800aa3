using System.Diagnostics;

namespace SwarmTools.Tests.Support;

/// <summary>
/// A real terminal (tmux, on a server of its own) for what only a terminal does: Ctrl+C sends
/// SIGINT to the whole foreground process group, which StopProcessing never shows.
/// </summary>
public sealed class Terminal : IDisposable
{
    private readonly string _socket = "swarmtools-" + Guid.NewGuid().ToString("N")[..12];

    public Terminal(string command)
    {
        if (Shell.Run("command -v tmux || true").Trim().Length == 0)
        {
            const string why = "needs tmux (build.ps1 test installs it with the lab's packages)";
            if (Requirements.LabRequired) throw new InvalidOperationException("Terminal tests are required here, but this run " + why);
            throw new SkipException(why);
        }
        Tmux($"new-session -d -s t -x 200 -y 50 {Quote(command)}");
    }

    /// <summary>Types a line and presses Enter, as a user would.</summary>
    public void Type(string line)
    {
        Tmux($"send-keys -t t -l {Quote(line)}");
        Tmux("send-keys -t t Enter");
    }

    public void CtrlC() => Tmux("send-keys -t t C-c");

    public string Screen() => Tmux("capture-pane -p -t t");

    /// <summary>Waits until <paramref name="path"/> exists with content; fails with the screen when it does not.</summary>
    public string WaitForFile(string path, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } text) return text;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"{path} was not written within {within.TotalSeconds} s. The terminal shows:\n{Screen()}");
    }

    public void WaitForScreen(string text, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!Screen().Contains(text))
        {
            if (clock.Elapsed > within) throw new TimeoutException($"'{text}' did not appear within {within.TotalSeconds} s. The terminal shows:\n{Screen()}");
            Thread.Sleep(100);
        }
    }

    private string Tmux(string arguments) => Shell.Run($"tmux -L {_socket} {arguments}");

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public void Dispose()
    {
        try { Shell.Run($"tmux -L {_socket} kill-server"); }
        catch (InvalidOperationException) { /* already gone */ }
    }
}
