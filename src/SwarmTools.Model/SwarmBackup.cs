using System;
using System.Security;

namespace SwarmTools;

/// <summary>
/// A backup of a swarm's manager state (/var/lib/docker/swarm, archived while Docker was stopped on
/// one manager), written to <see cref="Path"/> with mode 0600: it holds the swarm's keys.
/// </summary>
public sealed class SwarmBackup
{
    /// <summary>The local archive (.tar.gz).</summary>
    public string Path { get; set; } = "";
    /// <summary>The manager whose state was archived.</summary>
    public string Manager { get; set; } = "";
    public string ClusterId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Bytes written to <see cref="Path"/>.</summary>
    public long Size { get; set; }
    /// <summary>Whether the swarm was autolocked: restoring it then needs <see cref="UnlockKey"/>.</summary>
    public bool Autolocked { get; set; }
    /// <summary>The autolock unlock key when <see cref="Autolocked"/>; never printed. Keep it apart from the archive.</summary>
    public SecureString? UnlockKey { get; set; }

    public override string ToString() => Path;
}
