using System.Runtime.InteropServices;

namespace SwarmTools.Sandbox;

/// <summary>
/// Started by the module (SandboxServer sets SWARMTOOLS_SANDBOX_DETACH=1), the sandbox leaves the
/// terminal's session: Ctrl+C sends SIGINT to the terminal's foreground process group, which must
/// stop the user's command, not the sandbox and its lab hosts. The module still stops it by
/// closing its stdin, which also happens when the module's process ends. (Where the module could
/// start it through setsid(1) it is a session leader already, and this does nothing.)
/// </summary>
public static class TerminalDetach
{
    public const string Variable = "SWARMTOOLS_SANDBOX_DETACH";

    public static void IfAsked()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable(Variable) != "1")
            return;
        if (getsid(0) != Environment.ProcessId && setsid() < 0)
            Console.Error.WriteLine($"sandbox: could not leave the terminal's session (errno {Marshal.GetLastPInvokeError()}); Ctrl+C in that terminal will stop the sandbox.");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setsid();

    [DllImport("libc", SetLastError = true)]
    private static extern int getsid(int pid);
}
