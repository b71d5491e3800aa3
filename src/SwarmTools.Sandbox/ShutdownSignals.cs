namespace SwarmTools.Sandbox;

/// <summary>
/// The parent owns the sandbox through its stdin: when the parent closes it or dies, stdin
/// reaches EOF and the sandbox stops, so no server is ever orphaned.
/// </summary>
public static class ShutdownSignals
{
    public static Task StdinClosedAsync() => Task.Factory.StartNew(() =>
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[4096];
            while (stdin.Read(buffer, 0, buffer.Length) > 0)
            {
                // Whatever the parent writes is ignored; only EOF matters.
            }
        }
        catch (IOException)
        {
            // A broken stdin counts as closed.
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
