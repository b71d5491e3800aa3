using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Files the module rewrites (known_hosts, the records under ~/.swarmtools) are changed under an
/// exclusive lock on a lock file beside them: it is never renamed, so every writer, in any
/// process, locks the same inode, and two PowerShell sessions writing at once lose nothing.
/// On Unix .NET takes flock(2) when a file is opened: exclusive for FileShare.None, shared
/// otherwise. Another holder is waited for, a bounded time.
/// </summary>
internal static class FileLock
{
    public const string Suffix = ".swarmtools-lock";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    // What .NET reports for a file another process has locked: ERROR_SHARING_VIOLATION on
    // Windows; on Unix the errno of flock, EWOULDBLOCK (11 on Linux, 35 on macOS and BSD).
    private static readonly int[] LockedCodes = { 32, 11, 35 };

    /// <summary>Holds the lock of <paramref name="path"/> until disposed.</summary>
    public static IDisposable Hold(string path) => Open(path + Suffix, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    /// <summary>Opens <paramref name="path"/>, waiting while another process holds a conflicting lock on it.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, mode, access, share); }
            catch (IOException e) when (LockedCodes.Contains(e.HResult & 0xFFFF) && clock.Elapsed < Wait)
            {
                Thread.Sleep(20);
            }
        }
    }
}
