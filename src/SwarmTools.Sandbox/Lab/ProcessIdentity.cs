using System.Globalization;

namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// "pid starttime" (field 22 of /proc/pid/stat): a pid alone may be reused after a crash.
/// Same test as lab.sh's proc_start.
/// </summary>
public static class ProcessIdentity
{
    public static string Of(int pid) => $"{pid} {StartTime(pid)}";

    public static bool IsAlive(string identity)
    {
        var parts = identity.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && StartTime(pid) is { } start && start == parts[1];
    }

    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // A killed process whose parent has not reaped it yet is a zombie: dead all the same.
            return fields.Length > 19 && fields[0] != "Z" ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
