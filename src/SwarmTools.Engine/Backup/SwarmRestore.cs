using System;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Backup;

/// <summary>
/// Docker's documented restore onto a fresh node: stop Docker, put the archive's swarm/ in
/// /var/lib/docker, start Docker, unlock (an autolocked backup), then
/// `docker swarm init --force-new-cluster` advertising the new node's own address (the backed-up
/// manager's address is gone with it). The node is then a one-manager swarm with the old
/// services, secrets and configs; new managers and workers join it with Join-SwarmNode.
/// </summary>
public static class SwarmRestore
{
    private static readonly TimeSpan UnpackTimeout = TimeSpan.FromMinutes(3);
    /// <summary>How long the new single-manager swarm gets to answer `docker node ls`.</summary>
    private static readonly TimeSpan ReadyWait = TimeSpan.FromMinutes(2);

    /// <summary>The restored node, as the one manager (and leader) of the new swarm; null when ShouldProcess said no.</summary>
    public static async Task<SwarmNode?> RunAsync(NodeShell host, byte[] archive, SecureString? unlockKey, string advertiseAddress, ISwarmObserver observer, CancellationToken ct)
    {
        CheckArchive(archive);
        var state = await host.StateAsync(ct).ConfigureAwait(false);
        // A node left locked by an earlier run without the key finishes with the key now.
        var resume = state.LocalNodeState == LocalNodeState.Locked && unlockKey != null;
        if (!resume && !state.IsInactive)
            throw new SwarmToolsException(ErrorIds.RestoreNodeInSwarm, FailureKind.InvalidOperation,
                $"{host.Name} is already in a swarm (state '{state.ReportedState}'). Restore onto a fresh node (New-SwarmNode), or make this one leave first (docker swarm leave --force). Nothing was changed.", host.Name);
        if (!await observer.ShouldProcessAsync(host.Name, $"Stop Docker, put the backup in /var/lib/docker/swarm, start Docker, docker swarm init --force-new-cluster --advertise-addr {advertiseAddress}").ConfigureAwait(false))
            return null;

        if (!resume)
        {
            await UnpackWhileStoppedAsync(host, archive, observer, ct).ConfigureAwait(false);
            state = await host.StateAsync(ct).ConfigureAwait(false);
        }
        if (state.LocalNodeState == LocalNodeState.Locked)
        {
            if (unlockKey is null)
                throw NeedsKey(host.Name, "no -UnlockKey was given");
            string? refusal = null;
            if (!await SwarmUnlock.UnlockAsync(host, unlockKey, r => refusal = r, ct).ConfigureAwait(false))
                throw NeedsKey(host.Name, "Docker refused the -UnlockKey: " + refusal);
        }

        observer.Progress($"Forming a new swarm on {host.Name} from the backup");
        await host.ChangeAsync($"docker swarm init --force-new-cluster --advertise-addr {NodeShell.Quote(advertiseAddress)}", ct).ConfigureAwait(false);
        var self = await WaitReadyAsync(host, ct).ConfigureAwait(false);
        await WarnOfOldRaftAddressAsync(host, advertiseAddress, observer, ct).ConfigureAwait(false);
        var node = host.Node;
        node.Role = SwarmRole.Manager;
        node.ManagerStatus = ManagerStatus.Leader;
        node.Availability = self.Availability;
        node.SwarmNodeId = self.NodeId;
        return node;
    }

    /// <summary>Refuses a file that is no gzip archive before the node is touched.</summary>
    public static void CheckArchive(byte[] archive)
    {
        if (archive.Length < 2 || archive[0] != 0x1f || archive[1] != 0x8b)
            throw Invalid("it is not a gzip archive. Nothing was changed on the node");
    }

    private static async Task UnpackWhileStoppedAsync(NodeShell host, byte[] archive, ISwarmObserver observer, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            await DockerDaemon.StopAsync(host, ct).ConfigureAwait(false);
            observer.Progress($"Unpacking the backup into /var/lib/docker/swarm on {host.Name}");
            // The node is fresh: its own swarm folder holds nothing (it is in no swarm).
            var unpack = await host.ChangeWithInputAsync(
                "rm -rf /var/lib/docker/swarm && base64 -d | tar -xzf - -C /var/lib/docker swarm && test -d /var/lib/docker/swarm/raft",
                "unpack the backup into /var/lib/docker/swarm (archive on stdin)", Convert.ToBase64String(archive), UnpackTimeout, ct).ConfigureAwait(false);
            if (unpack.ExitCode != 0)
            {
                await host.RunAsync("rm -rf /var/lib/docker/swarm", TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
                throw new Rejected($"unpacking it on {host.Name} failed: {unpack.StandardError.Trim()}");
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        observer.Progress($"Starting Docker on {host.Name}");
        var notStarted = await DockerDaemon.TryStartAsync(host).ConfigureAwait(false);
        if (notStarted != null)
            throw new SwarmToolsException(ErrorIds.DockerNotRestarted, FailureKind.Unavailable,
                $"Docker could not be started again on {host.Name} ({notStarted}). Start it there (systemctl start docker), then run Restore-Swarm again.", host.Name, failure);
        if (failure is Rejected rejected)
            throw new SwarmToolsException(ErrorIds.BackupArchiveInvalid, FailureKind.InvalidArgument,
                $"The file is not a Backup-Swarm archive: {rejected.Message}. Docker was started again on {host.Name}; it is in no swarm, as before.", host.Name);
        if (failure != null)
        {
            if (failure is OperationCanceledException) observer.Warning($"Stopped: Docker was started again on {host.Name}.");
            throw failure;
        }
    }

    /// <summary>
    /// Docker keeps the backed-up manager's Raft address through --force-new-cluster (docker/for-linux#523,
    /// docker/docs#7931): workers join, but a manager that joins dials that address, never reaches it, and
    /// the two-manager swarm has no quorum. Said at once, with what still works.
    /// </summary>
    private static async Task WarnOfOldRaftAddressAsync(NodeShell host, string advertiseAddress, ISwarmObserver observer, CancellationToken ct)
    {
        var raft = (await host.ReadAsync("docker node inspect self --format '{{.ManagerStatus.Addr}}'", ct).ConfigureAwait(false)).Trim();
        var address = raft.LastIndexOf(':') > 0 ? raft.Substring(0, raft.LastIndexOf(':')) : raft;
        if (address.Length == 0 || address == advertiseAddress) return;
        observer.Warning($"{host.Name} advertises {advertiseAddress}, but Docker kept the backed-up manager's Raft address {raft} through --force-new-cluster (docker/for-linux#523). " +
            "Workers can join it (Join-SwarmNode -Manager); a manager joining now would dial that old address and the swarm would lose its quorum. " +
            "To have several managers again, restore onto a node that has the backed-up manager's address.");
    }

    private static async Task<SwarmMember> WaitReadyAsync(NodeShell host, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyWait;
        while (true)
        {
            try
            {
                var nodeId = (await host.StateAsync(ct).ConfigureAwait(false)).NodeId;
                var self = (await host.MembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(m => m.NodeId == nodeId);
                if (self != null && self.ManagerStatus == ManagerStatus.Leader) return self;
            }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security && DateTimeOffset.UtcNow < deadline) { }
            if (DateTimeOffset.UtcNow > deadline)
                throw new SwarmToolsException(ErrorIds.DockerCommandFailed, FailureKind.Timeout,
                    $"{host.Name} did not answer as the new swarm's leader within {ReadyWait.TotalMinutes:0} min of docker swarm init --force-new-cluster. Check it with Get-Swarm -Manager.", host.Name);
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }

    /// <summary>The node would not take the archive; reported once Docker runs again.</summary>
    private sealed class Rejected : Exception
    {
        public Rejected(string message) : base(message) { }
    }

    private static SwarmToolsException Invalid(string why) =>
        new SwarmToolsException(ErrorIds.BackupArchiveInvalid, FailureKind.InvalidArgument, $"The file is not a Backup-Swarm archive: {why}.");

    private static SwarmToolsException NeedsKey(string host, string why) =>
        new SwarmToolsException(ErrorIds.RestoreNeedsUnlockKey, FailureKind.InvalidArgument,
            $"The backup comes from an autolocked swarm and {why}. The restored state stays on {host}, locked: run Restore-Swarm again with -UnlockKey (the backup object's UnlockKey).", host);
}
