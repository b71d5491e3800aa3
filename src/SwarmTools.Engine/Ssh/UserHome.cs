using System;
using System.IO;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// The user's home folder, worked out in this one place: $HOME first (as OpenSSH's tools and
/// docker-machine read it), else the profile folder. Read on each use, so a changed $HOME counts.
/// </summary>
public static class UserHome
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>~/.ssh</summary>
    public static string SshDirectory => Path.Combine(Directory, ".ssh");
}
