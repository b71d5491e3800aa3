using System;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Backup;

/// <summary>
/// Docker's documented backup of a swarm's manager state: on a manager that is not the leader,
/// stop Docker, archive /var/lib/docker/swarm, start Docker. The archive comes back over the SSH
/// session (base64 on stdout) into a local 0600 file; Docker is started again whatever happened
/// after it was stopped, and the manager is waited for (bounded) until the swarm sees it Reachable.
/// </summary>
public static class SwarmBackupRun
{
    /// <summary>How long the manager gets to be Ready and Reachable again once Docker answers.</summary>
    public static readonly TimeSpan BackWait = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ArchiveTimeout = TimeSpan.FromMinutes(3);
    internal const string ArchiveFailed = "SWARMTOOLS-TAR-FAILED";

    /// <summary>The backup, or null when ShouldProcess said no (nothing was stopped).</summary>
    public static async Task<SwarmBackup?> RunAsync(ManagerLocator locator, Func<SwarmNode, CancellationToken, Task<NodeShell>> connect,
        string path, bool force, ISwarmObserver observer, CancellationToken ct)
    {
        BackupFile.CheckWritable(path, force);
        var droplets = await locator.TaggedAsync(ct).ConfigureAwait(false);
        var asked = await locator.FindAsync(droplets, null, ct).ConfigureAwait(false);
        var members = await asked.MembersAsync(ct).ConfigureAwait(false);
        var choice = BackupChoice.Choose(members, droplets.Where(d => d.Id != asked.Node.Id).Prepend(asked.Node).ToList(), force);
        var host = choice.Node.Id == asked.Node.Id ? asked : await NodeReach.ConnectWithinAsync(connect, choice.Node, NodeReach.Member, ct).ConfigureAwait(false);
        var clusterId = (await host.StateAsync(ct).ConfigureAwait(false)).ClusterId ?? "";

        if (!await observer.ShouldProcessAsync(host.Name, "Stop Docker, archive /var/lib/docker/swarm to " + path + ", start Docker").ConfigureAwait(false)) return null;
        if (choice.Warning != null) observer.Warning(choice.Warning);
        var autolocked = await SwarmUnlock.IsAutolockedAsync(host, ct).ConfigureAwait(false);
        var key = autolocked ? await SwarmUnlock.KeyAsync(host, ct).ConfigureAwait(false) : null;

        observer.Progress($"Stopping Docker on {host.Name}");
        var size = await ArchiveWhileStoppedAsync(host, path, key, observer, ct).ConfigureAwait(false);
        observer.Progress($"Waiting for {host.Name} to be Ready and Reachable again");
        await WaitBackAsync(asked, host, choice.Member.NodeId, path, ct).ConfigureAwait(false);
        return new SwarmBackup
        {
            Path = path, Manager = host.Name, ClusterId = clusterId, CreatedAt = DateTimeOffset.UtcNow, Size = size,
            Autolocked = autolocked, UnlockKey = key,
        };
    }

    /// <summary>
    /// Stop, archive, write; then start and, with autolock on, unlock, always: a Docker left stopped
    /// or locked is said, never left silently.
    /// </summary>
    private static async Task<long> ArchiveWhileStoppedAsync(NodeShell host, string path, SecureString? key, ISwarmObserver observer, CancellationToken ct)
    {
        Exception? failure = null;
        long size = 0;
        try
        {
            await DockerDaemon.StopAsync(host, ct).ConfigureAwait(false);
            observer.Progress($"Archiving /var/lib/docker/swarm on {host.Name}");
            var archive = await host.RunAsync($"{{ tar -czf - -C /var/lib/docker swarm || echo {ArchiveFailed} >&2; }} | base64 -w0", ArchiveTimeout, ct).ConfigureAwait(false);
            if (archive.ExitCode != 0 || archive.StandardError.Contains(ArchiveFailed))
                throw host.CommandFailed("tar -czf - -C /var/lib/docker swarm", archive.StandardError.Replace(ArchiveFailed, ""));
            var bytes = Convert.FromBase64String(archive.StandardOutput.Trim());
            BackupFile.Write(path, bytes);
            size = bytes.Length;
            Array.Clear(bytes, 0, bytes.Length);
        }
        catch (Exception e)
        {
            failure = e;
        }

        // Ctrl+C or not, Docker must run again: this start has its own bound, not the caller's token.
        observer.Progress($"Starting Docker on {host.Name}");
        var notStarted = await DockerDaemon.TryStartAsync(host).ConfigureAwait(false);
        if (notStarted != null)
            throw new SwarmToolsException(ErrorIds.DockerNotRestarted, FailureKind.Unavailable,
                $"Docker could not be started again on {host.Name} after the backup ({notStarted}). " +
                (failure is null ? $"The archive was written to {path}. " : "No archive was written. ") +
                $"Start it there (Get-SwarmNode -Name {host.Name} | Invoke-SwarmCommand 'systemctl start docker') and check the swarm with Test-Swarm.", host.Name, failure);
        bool locked;
        try
        {
            locked = key != null && !await SwarmUnlock.UnlockAsync(host, key,
                reason => observer.Warning($"{host.Name} restarted locked and did not take its own unlock key: {reason}"), CancellationToken.None).ConfigureAwait(false);
        }
        catch (SwarmToolsException e)
        {
            observer.Warning($"{host.Name} restarted locked and could not be unlocked: {e.Message}");
            locked = true;
        }
        var started = locked ? "Docker was started again there but is locked (autolock): unlock it with docker swarm unlock" : "Docker was started again there";
        if (failure is OperationCanceledException)
        {
            observer.Warning($"Stopped: {started}; no backup was written.");
            throw failure;
        }
        if (failure != null)
            throw new SwarmToolsException(ErrorIds.BackupFailed, FailureKind.InvalidOperation,
                $"The backup on {host.Name} failed after Docker was stopped: {failure.Message} {started}; no archive was written.", host.Name, failure);
        if (locked) throw NotBack(host.Name, path, "it is locked (autolock) and refused its unlock key; unlock it with docker swarm unlock");
        return size;
    }

    /// <summary>Until the swarm (asked through another manager when there is one) sees the member Ready and Reachable (or Leader).</summary>
    private static async Task WaitBackAsync(NodeShell asked, NodeShell host, string nodeId, string path, CancellationToken ct)
    {
        var witness = asked.Node.Id == host.Node.Id ? host : asked;
        var deadline = DateTimeOffset.UtcNow + BackWait;
        var seen = "not answered";
        while (true)
        {
            try
            {
                var member = (await witness.MembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(m => m.NodeId == nodeId);
                if (member is null) seen = "missing from the node list";
                else if (member.Status == NodeStatus.Ready && member.ManagerStatus is ManagerStatus.Reachable or ManagerStatus.Leader) return;
                else seen = $"{member.Status}, {member.ManagerStatus}";
            }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security)
            {
                seen = e.Message; // a restarting manager (or a re-election) answers again shortly
            }
            if (DateTimeOffset.UtcNow > deadline) throw NotBack(host.Name, path, $"the swarm still sees it {seen} after {BackWait.TotalMinutes:0} min");
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }

    private static SwarmToolsException NotBack(string host, string path, string why) =>
        new SwarmToolsException(ErrorIds.BackupManagerNotBack, FailureKind.Timeout,
            $"{host} is not back as a manager: {why}. The archive was written to {path}; check the swarm with Test-Swarm.", host);
}
