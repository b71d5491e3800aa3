using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// The directory a lab-mode sandbox owns: /run/swarmtools-sandbox/&lt;lab&gt;/ (root only, 0700),
/// holding its copy of lab.sh and one statedir per host. Its name is the lab id: 4 random
/// characters of [a-z0-9], unused by any lab or sandbox on the machine. An `owner` file (pid and
/// start time, like lab.sh's `.owner`) tells a live sandbox's directory from a crashed one's.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabRunDir
{
    public const string Root = "/run/swarmtools-sandbox";
    private const string OwnerFile = "owner";
    private const string LabRegistry = "/run/swarmlab"; // lab.sh's registry (README "Names on the machine")
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private LabRunDir(string labId)
    {
        LabId = labId;
        Path = System.IO.Path.Combine(Root, labId);
    }

    public string LabId { get; }
    public string Path { get; }

    /// <summary>Picks a free lab id and claims its directory (the owner file is created exclusively).</summary>
    public static LabRunDir Claim()
    {
        Directory.CreateDirectory(Root, Private);
        File.SetUnixFileMode(Root, Private);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var id = RandomNumberGenerator.GetString(IdAlphabet, 4);
            if (Directory.Exists(System.IO.Path.Combine(LabRegistry, id)) || Directory.Exists($"/sys/class/net/swl{id}p"))
                continue;
            var dir = new LabRunDir(id);
            Directory.CreateDirectory(dir.Path, Private);
            try
            {
                using var owner = new FileStream(System.IO.Path.Combine(dir.Path, OwnerFile), new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                using var writer = new StreamWriter(owner);
                writer.Write(ProcessIdentity.Of(Environment.ProcessId));
            }
            catch (IOException)
            {
                continue; // another sandbox drew the same id at the same moment
            }
            File.SetUnixFileMode(dir.Path, Private);
            return dir;
        }
        throw new InvalidOperationException($"no free lab id under {Root}");
    }

    /// <summary>Copies lab.sh in: a rebuild that rewrites the shipped script cannot disturb running hosts.</summary>
    public string InstallScript(string shipped)
    {
        var copy = System.IO.Path.Combine(Path, "lab.sh");
        File.Copy(shipped, copy, overwrite: true);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return copy;
    }

    public string HostDir(string hostId) => System.IO.Path.Combine(Path, hostId);

    public void Delete() => DeleteTree(Path);

    /// <summary>
    /// Removes the directories of sandboxes that died (run after `lab.sh clean --stale`, which
    /// already removed their hosts). Returns the lab ids removed.
    /// </summary>
    public static IReadOnlyList<string> PurgeStale()
    {
        if (!Directory.Exists(Root))
            return [];
        var removed = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            var owner = System.IO.Path.Combine(dir, OwnerFile);
            var stale = File.Exists(owner)
                ? !ProcessIdentity.IsAlive(File.ReadAllText(owner))
                // A directory without an owner is being claimed right now, or its claim crashed.
                : Directory.GetCreationTimeUtc(dir) < DateTime.UtcNow.AddMinutes(-1);
            if (stale && DeleteTree(dir))
                removed.Add(System.IO.Path.GetFileName(dir));
        }
        return removed;
    }

    // Host mounts live in the hosts' own namespaces; one visible here means something is still
    // wired in, and a recursive delete would reach into it.
    private static bool DeleteTree(string dir)
    {
        if (!Directory.Exists(dir))
            return true;
        var prefix = dir.TrimEnd('/') + "/";
        if (MountPoints().Any(m => m == dir || m.StartsWith(prefix, StringComparison.Ordinal)))
        {
            Console.Error.WriteLine($"sandbox: not removing {dir}: something is mounted under it");
            return false;
        }
        Directory.Delete(dir, recursive: true);
        return true;
    }

    private static IEnumerable<string> MountPoints() =>
        File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 4)
            .Select(f => f[4].Replace("\\040", " ", StringComparison.Ordinal));
}
