using System;
using System.IO;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Backup;

/// <summary>The local archive: written with mode 0600 before a byte goes in (it holds the swarm's keys), never over a file unless asked.</summary>
public static class BackupFile
{
    /// <summary>rw------- for the owner only.</summary>
    private const int OwnerOnly = 0x180;

    /// <summary>Refuses an existing file unless <paramref name="force"/>: checked before anything is stopped.</summary>
    public static void CheckWritable(string path, bool force)
    {
        if (File.Exists(path) && !force)
            throw new SwarmToolsException(ErrorIds.BackupFileExists, FailureKind.InvalidOperation,
                $"'{path}' exists. Give another -Path, or -Force to replace it. Nothing was stopped.", path);
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            throw new SwarmToolsException(ErrorIds.BackupFolderMissing, FailureKind.InvalidArgument,
                $"The folder of '{path}' does not exist: create it, or give another -Path. Nothing was stopped.", path);
    }

    /// <summary>Writes <paramref name="archive"/> through a new 0600 file beside <paramref name="path"/>, then moves it into place.</summary>
    public static void Write(string path, byte[] archive)
    {
        var temporary = path + ".partial-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        try
        {
            using (var created = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write)) { }
            FileModes.Set(temporary, OwnerOnly);
            using (var stream = new FileStream(temporary, FileMode.Truncate, FileAccess.Write))
                stream.Write(archive, 0, archive.Length);
            if (File.Exists(path)) File.Delete(path);
            File.Move(temporary, path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
