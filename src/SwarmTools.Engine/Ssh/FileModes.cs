using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Unix permission bits for the files the module writes. netstandard2.0 has no chmod: the
/// runtime's File.SetUnixFileMode is used where it exists (.NET 7+, which PowerShell 7.4
/// runs on), else the chmod command. Windows has no mode bits: nothing to do there.
/// </summary>
internal static class FileModes
{
    /// <summary>0700, as ssh creates ~/.ssh.</summary>
    public const int PrivateDirectory = 0x1C0;

    private static readonly MethodInfo? SetUnixFileMode = FindSetUnixFileMode();

    /// <summary>Creates <paramref name="path"/> (and missing parents) and gives the directory itself <paramref name="mode"/>, if it was missing.</summary>
    public static void CreateDirectory(string path, int mode)
    {
        if (Directory.Exists(path)) return;
        Directory.CreateDirectory(path);
        Set(path, mode);
    }

    public static void Set(string path, int mode)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        if (SetUnixFileMode != null)
        {
            var bits = Enum.ToObject(SetUnixFileMode.GetParameters()[1].ParameterType, mode);
            try { SetUnixFileMode.Invoke(null, new[] { path, bits }); }
            catch (TargetInvocationException e) when (e.InnerException != null) { throw e.InnerException; }
            return;
        }
        using var chmod = Process.Start(new ProcessStartInfo("chmod", Convert.ToString(mode, 8) + " -- \"" + path.Replace("\"", "\\\"") + "\"")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        var error = chmod.StandardError.ReadToEnd();
        chmod.WaitForExit();
        if (chmod.ExitCode != 0) throw new IOException($"chmod {Convert.ToString(mode, 8)} '{path}' failed: {error.Trim()}");
    }

    private static readonly MethodInfo? GetUnixFileMode =
        typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
    private static readonly MethodInfo? ResolveLinkTarget =
        typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });

    /// <summary>The file a path names once every symlink is followed (the path itself where the runtime cannot tell, .NET before 6).</summary>
    public static string FinalTarget(string path)
    {
        if (ResolveLinkTarget is null) return path;
        try
        {
            return ResolveLinkTarget.Invoke(new FileInfo(path), new object[] { true }) is FileSystemInfo target ? target.FullName : path;
        }
        catch (TargetInvocationException e) when (e.InnerException is IOException) { return path; } // a dangling link: written as named
    }

    /// <summary>Gives <paramref name="to"/> the mode bits of <paramref name="from"/>, and its owner when running as root (nobody else may give a file away).</summary>
    public static void CopyModeAndOwner(string from, string to)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || !File.Exists(from)) return;
        if (GetUnixFileMode != null)
        {
            var mode = Convert.ToInt32(GetUnixFileMode.Invoke(null, new object[] { from }));
            Set(to, mode);
        }
        if (geteuid() != 0) return;
        var statFormat = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "-f %u:%g" : "-c %u:%g";
        var owner = Run("stat", statFormat + " -- \"" + from.Replace("\"", "\\\"") + "\"").Trim();
        Run("chown", owner + " -- \"" + to.Replace("\"", "\\\"") + "\"");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    private static string Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new IOException($"{command} {arguments} failed: {error.Trim()}");
        return output;
    }

    private static MethodInfo? FindSetUnixFileMode()
    {
        var modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
        return modeType is null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
    }
}
